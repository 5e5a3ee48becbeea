// Schemas shared by every routes file: ids, lists with cursors, the error body.
import { z } from '@hono/zod-openapi';
import { AppError, said } from '../errors.ts';
import { langQuery } from './language.ts';

export const IdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: '3f6c…' }),
});

export const ListQuery = z.strictObject({
  ...langQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const slugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');

/** Optional text fields: absent keeps, null clears; strings are trimmed. */
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const errorResponses = {
  400: jsonResponse(ErrorSchema, 'Invalid request'),
  401: jsonResponse(ErrorSchema, 'Not signed in'),
  403: jsonResponse(ErrorSchema, 'Not allowed'),
  404: jsonResponse(ErrorSchema, 'Not found'),
  409: jsonResponse(ErrorSchema, 'Conflict'),
} as const;

// Keyset pagination: the cursor is the sort key and id of the last row handed out, so
// pages stay stable while rows are added and no OFFSET scan grows with the page number.
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string' && value.length === 2) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_request', said('Kursor ini bukan dari API ini.', 'The cursor is not one this API handed out.'), {
    fields: [{ path: 'cursor', message: 'unknown cursor' }],
  });
}

export function page<T>(rows: T[], limit: number, keyOf: (row: T) => [string, string]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null,
  };
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'x'
  );
}
