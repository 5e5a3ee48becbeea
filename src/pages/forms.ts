// Reading a submitted form: the cross-site token is checked before anything else, and
// fields come out as strings (or files) for zod to validate.
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { type PageContext, csrfTokenValid } from './layout.tsx';

export type FormFields = Record<string, string | File | (string | File)[]>;

export async function readForm(c: PageContext, credential: string): Promise<FormFields> {
  let body: FormFields;
  try {
    body = (await c.req.parseBody({ all: true })) as FormFields;
  } catch {
    throw new AppError(400, 'invalid_request', 'The form could not be read.');
  }
  if (!csrfTokenValid(credential, body._csrf)) throw new HTTPException(403, { message: 'The form token is missing or wrong.' });
  return body;
}

/** A field as one string ('' when absent or a file). */
export function text(fields: FormFields, name: string): string {
  const value = fields[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A repeated field (checkboxes, rows) as strings. */
export function texts(fields: FormFields, name: string): string[] {
  const value = fields[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
}

export function file(fields: FormFields, name: string): File | null {
  const value = fields[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first instanceof File && first.size > 0 ? first : null;
}

/** Validation messages of a zod failure, for the form's error summary. */
export const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`);

/** An AppError's field messages (400 invalid_request), else its message. */
export function appErrorLines(error: AppError): string[] {
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    return fields.map((f) => (typeof f === 'object' && f ? `${String((f as { path?: unknown }).path ?? '')}: ${String((f as { message?: unknown }).message ?? '')}` : String(f)));
  }
  return [error.message];
}
