// Reading a submitted form: the cross-site token is checked before anything else, and
// fields come out as strings (or files) for zod to validate.
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AppError, said } from '../errors.ts';
import { issueFields } from '../http/issues.ts';
import { type Page, type PageContext, csrfTokenValid } from './layout.tsx';

export type FormFields = Record<string, string | File | (string | File)[]>;

export async function readForm(c: PageContext, credential: string): Promise<FormFields> {
  let body: FormFields;
  try {
    body = (await c.req.parseBody({ all: true })) as FormFields;
  } catch {
    throw new AppError(400, 'invalid_request', said('Formulir ini tidak dapat dibaca.', 'The form could not be read.'));
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

/** A field's name as the form labels it ("Mulai" for startsAt), else as sent. */
function fieldLabel(p: Pick<Page, 't'>, path: string): string {
  const head = path.split('.')[0] ?? path;
  return p.t.fieldLabels[head] ?? p.t.fieldLabels[path] ?? path;
}

/** Validation messages of a zod failure, for the form's error summary, in the reader's language. */
export const problems = (error: z.ZodError, p: Pick<Page, 't' | 'lang'>) =>
  issueFields(error.issues, p.lang, 'form', 'form').map((f) => `${fieldLabel(p, f.path)}: ${f.message}`);

/** An AppError's field messages (400 invalid_request), else its message, in the reader's language. */
export function appErrorLines(error: AppError, p: Pick<Page, 't' | 'lang'>): string[] {
  const fields = error.detailsIn(p.lang)?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    return fields.map((f) =>
      typeof f === 'object' && f ? `${fieldLabel(p, String((f as { path?: unknown }).path ?? ''))}: ${String((f as { message?: unknown }).message ?? '')}` : String(f),
    );
  }
  return [error.messageIn(p.lang)];
}
