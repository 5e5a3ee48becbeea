import { z } from '@hono/zod-openapi';
import { optionalText, slugSchema } from '../http/schemas.ts';
import { langQuery } from '../http/language.ts';

export const ProgramInput = z
  .strictObject({
    stationId: z.string().min(1).max(64),
    title: z.string().trim().min(1).max(200),
    slug: slugSchema.optional(),
    description: optionalText(5000),
    organiser: optionalText(200),
    announceWhenScheduled: z.boolean().optional().openapi({ description: 'Announce each dialogue of this programme once it is scheduled' }),
  })
  .openapi('ProgramInput');

export const ProgramPatch = ProgramInput.partial().openapi('ProgramPatch');

export const ProgramSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    title: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    organiser: z.string().nullable(),
    announceWhenScheduled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Program');

export const ProgramListQuery = z.strictObject({
  ...langQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  station: z.string().max(64).optional(),
});

export type ProgramInput = z.infer<typeof ProgramInput>;
export type ProgramPatch = z.infer<typeof ProgramPatch>;
