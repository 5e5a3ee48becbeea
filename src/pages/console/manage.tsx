// What the console's management pages (stations, programmes, topics, people, accounts)
// share: a labelled field with its help, form text turned into the API's input, the
// errors a refused form shows, and the answer to a coordinator at an admin's page.
import type { Child, FC } from 'hono/jsx';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { appErrorLines, type FormFields, problems, text } from '../forms.ts';
import { ErrorPage, type Page, type PageContext, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { manageWords } from './manage.i18n.ts';

export const Field: FC<{
  name: string;
  label: string;
  value?: string | null;
  type?: 'text' | 'email' | 'tel' | 'url' | 'number' | 'password' | 'search';
  help?: string;
  required?: boolean;
  maxlength?: number;
  min?: number;
  max?: number;
  list?: string;
  autocomplete?: string;
  multiline?: boolean;
}> = ({ name, label, value, type = 'text', help, required, maxlength, min, max, list, autocomplete, multiline }) => {
  const id = `f-${name}`;
  const described = help ? `${id}-help` : undefined;
  return (
    <div>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea id={id} name={name} maxlength={maxlength} aria-describedby={described} required={required}>
          {value ?? ''}
        </textarea>
      ) : (
        <input
          type={type}
          id={id}
          name={name}
          value={type === 'password' ? undefined : (value ?? '')}
          required={required}
          maxlength={maxlength}
          min={min}
          max={max}
          list={list}
          autocomplete={autocomplete}
          aria-describedby={described}
        />
      )}
      {help ? (
        <p class="meta" id={described}>
          {help}
        </p>
      ) : null}
    </div>
  );
};

/** The form's values as typed, to show again when it is refused. */
export const valuesOf = (fields: FormFields, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, text(fields, name).trim()]));

/** An empty optional field means "none". */
export const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);
/** An empty field means "not given" (the API's default applies). */
export const orUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
/** A number field: empty is none; anything else goes to validation as typed, which names the field if it is not a whole number. */
export const numberOrNull = (value: string | undefined): number | string | null =>
  value === undefined || value === '' ? null : /^-?\d+$/.test(value) ? Number(value) : value;

/** The page with the management pages' own field names (organiser, otherId…) labelled too. */
function withLabels(p: Page): Page {
  return { ...p, t: { ...p.t, fieldLabels: { ...p.t.fieldLabels, ...manageWords(p.lang).fieldLabels } } };
}

/**
 * What a refused form shows, and its status: validation (400) in the reader's language,
 * the service's 400/404/409 in its own words; anything else is not the form's to explain.
 */
export function refusal(error: unknown, p: Page): { lines: Child[]; status: 400 | 404 | 409 | 429 } {
  if (error instanceof z.ZodError) return { lines: problems(error, withLabels(p)), status: 400 };
  if (error instanceof AppError && (error.status === 400 || error.status === 404 || error.status === 409 || error.status === 429)) {
    return { lines: appErrorLines(error, withLabels(p)), status: error.status };
  }
  throw error;
}

export const isAdmin = (x: ConsoleContext) => x.p.actor.kind === 'user' && x.p.actor.role === 'admin';

/** A coordinator at an admin's page or form: 403, in words. */
export function adminOnly(c: PageContext, x: ConsoleContext) {
  const w = manageWords(x.p.lang);
  return render(c, <ErrorPage p={x.p} title={w.adminOnlyTitle} text={w.adminOnly} area="console" />, 403);
}
