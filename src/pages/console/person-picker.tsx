// The booking form's people: the chosen participants with their roles, a search among
// every person (hundreds, so never one long list), and "add a new person" in place.
// Without JavaScript each of these is a submit button of the booking form itself: the
// server answers with the same form, every typed value kept, and the search's matches or
// the new person added (or their fields' errors beside them). With siaran.js the search
// becomes a search-as-you-type list over GET /api/speakers?q=, and choosing or removing a
// person happens in the page.
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/connection.ts';
import { issueFields } from '../../http/issues.ts';
import { findSpeakersByIds, findVisibleSpeaker, listVisibleSpeakers } from '../../speakers/speakers.repository.ts';
import { SpeakerInput } from '../../speakers/speakers.schemas.ts';
import { createSpeaker } from '../../speakers/speakers.service.ts';
import { type FormFields, text } from '../forms.ts';
import type { Page } from '../layout.tsx';
import { bookingWords } from './booking.i18n.ts';

export type Role = 'speaker' | 'host' | 'moderator';
export const ROLES: readonly Role[] = ['speaker', 'host', 'moderator'];
export type Participant = { speakerId: string; role: Role };
export type PersonOption = { id: string; name: string; organisation: string | null };

/** How many matches the search shows at once: enough to pick from, few enough to read. */
export const MATCH_LIMIT = 10;

type Draft = { name: string; position: string; organisation: string; email: string; phone: string; role: Role };
const DRAFT_FIELDS = ['name', 'position', 'organisation', 'email', 'phone'] as const;
type DraftField = (typeof DRAFT_FIELDS)[number];

export type PickerState = {
  query: string;
  /** null: no search asked; else what it found (at most MATCH_LIMIT) and whether there are more. */
  matches: PersonOption[] | null;
  more: boolean;
  draft: Draft;
  errors: Partial<Record<DraftField, string>>;
  notice?: string;
};

export const emptyPicker = (): PickerState => ({ query: '', matches: null, more: false, draft: emptyDraft(), errors: {} });
const emptyDraft = (): Draft => ({ name: '', position: '', organisation: '', email: '', phone: '', role: 'speaker' });
const roleOf = (value: string): Role => (ROLES.includes(value as Role) ? (value as Role) : 'speaker');
const toOption = (s: { id: string; name: string; organisation: string | null }): PersonOption => ({ id: s.id, name: s.name, organisation: s.organisation });

/** The chosen people's names, for the form (a coordinator sees everyone). */
export async function namesOf(db: Db, participants: Participant[]): Promise<PersonOption[]> {
  return (await findSpeakersByIds(db, participants.map((q) => q.speakerId))).map(toOption);
}

/**
 * What a submission of the booking form asks of the picker: search, add, remove or create
 * a person. Returns the participants and picker to show the form again with, or null when
 * the form was sent to be saved. Enter in a field sends no intent: with a search typed it
 * searches, otherwise it saves, as the book button does.
 */
export async function pickerStep(
  db: Db,
  actor: Actor,
  p: Pick<Page, 'lang'>,
  fields: FormFields,
  participants: Participant[],
): Promise<{ participants: Participant[]; picker: PickerState; invalid: boolean } | null> {
  const w = bookingWords(p.lang);
  const intent = text(fields, 'intent');
  const query = text(fields, 'personQuery').trim().slice(0, 100);
  const draft: Draft = {
    ...Object.fromEntries(DRAFT_FIELDS.map((k) => [k, text(fields, `new-${k}`).slice(0, 5000)])),
    role: roleOf(text(fields, 'new-role')),
  } as Draft;
  const picker: PickerState = { ...emptyPicker(), query, draft };
  const removed = text(fields, 'remove');
  const added = text(fields, 'add');

  if (removed) {
    const [gone] = await findSpeakersByIds(db, [removed]);
    return { participants: participants.filter((q) => q.speakerId !== removed), picker: { ...picker, notice: gone ? w.removed(gone.name) : undefined }, invalid: false };
  }
  if (added) {
    const person = await findVisibleSpeaker(db, actor, added);
    if (!person) return { participants, picker, invalid: false };
    const next = participants.some((q) => q.speakerId === added) ? participants : [...participants, { speakerId: added, role: 'speaker' as Role }];
    return { participants: next, picker: { ...picker, query: '', notice: w.added(person.name) }, invalid: false };
  }
  if (intent === 'newPerson') {
    const parsed = SpeakerInput.safeParse({
      name: draft.name,
      position: draft.position || null,
      organisation: draft.organisation || null,
      email: draft.email.trim() || null,
      phone: draft.phone.trim() || null,
    });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error, p);
      // "Too short" says less than what is missing.
      if (draft.name.trim() === '') errors.name = w.nameRequired;
      return { participants, picker: { ...picker, errors }, invalid: true };
    }
    const person = await createSpeaker(db, parsed.data);
    return {
      participants: [...participants, { speakerId: person.id, role: draft.role }],
      picker: { ...picker, draft: emptyDraft(), notice: w.created(person.name) },
      invalid: false,
    };
  }
  if (intent === 'search' || (intent === '' && query !== '')) {
    if (query === '') return { participants, picker: { ...picker, notice: w.typeMore }, invalid: false };
    const rows = await listVisibleSpeakers(db, actor, { q: query, after: null, limit: MATCH_LIMIT });
    const chosen = new Set(participants.map((q) => q.speakerId));
    const matches = rows.slice(0, MATCH_LIMIT).filter((s) => !chosen.has(s.id)).map(toOption);
    return { participants, picker: { ...picker, matches, more: rows.length > MATCH_LIMIT }, invalid: false };
  }
  return null;
}

function fieldErrors(error: z.ZodError, p: Pick<Page, 'lang'>): PickerState['errors'] {
  const errors: PickerState['errors'] = {};
  for (const f of issueFields(error.issues, p.lang, 'name')) {
    const field = f.path.split('.')[0] as DraftField;
    if (DRAFT_FIELDS.includes(field) && !errors[field]) errors[field] = f.message;
  }
  return errors;
}

const ChosenRow: FC<{ p: Page; person: PersonOption; role: Role; action: string }> = ({ p, person, role, action }) => {
  const w = bookingWords(p.lang);
  return (
    <li class="chosen-row">
      <input type="hidden" name="person" value={person.id} />
      <span class="who">
        <span class="name">{person.name}</span>
        <span class="org">{person.organisation ? ` — ${person.organisation}` : ''}</span>
      </span>
      <label for={`role-${person.id}`} class="visually-hidden">
        {w.roleOf(person.name)}
      </label>
      <select id={`role-${person.id}`} name="role">
        {ROLES.map((r) => (
          <option value={r} selected={role === r}>
            {p.t.role[r]}
          </option>
        ))}
      </select>
      <button type="submit" name="remove" value={person.id} class="secondary" formnovalidate formaction={`${action}#people`}>
        {w.remove}
        <span class="visually-hidden"> {person.name}</span>
      </button>
    </li>
  );
};

export const PersonPicker: FC<{ p: Page; participants: Participant[]; known: PersonOption[]; picker: PickerState; action: string }> = ({
  p,
  participants,
  known,
  picker,
  action,
}) => {
  const w = bookingWords(p.lang);
  const byId = new Map(known.map((k) => [k.id, k]));
  const rows = participants.flatMap((q) => {
    const person = byId.get(q.speakerId);
    return person ? [{ person, role: q.role }] : [];
  });
  const errorOf = (field: DraftField) => picker.errors[field];
  const hasErrors = Object.keys(picker.errors).length > 0;
  const target = `${action}#people`;
  return (
    <fieldset id="people" class="picker" data-search-url="/api/speakers" data-limit={MATCH_LIMIT}>
      <legend>{p.t.participants}</legend>
      <p id="picker-status" class="picker-status" role="status">
        {picker.notice ?? ''}
      </p>
      <ul id="chosen" class="chosen">
        {rows.map((r) => (
          <ChosenRow p={p} person={r.person} role={r.role} action={action} />
        ))}
      </ul>
      <p id="none-chosen" class="muted" hidden={rows.length > 0}>
        {w.noneChosen}
      </p>
      {/* The row the script copies for a person chosen from the search-as-you-type list. */}
      <template id="chosen-template" data-role-of={w.roleOf('{name}')} data-added={w.added('{name}')} data-removed={w.removed('{name}')}>
        <ChosenRow p={p} person={{ id: '', name: '', organisation: null }} role="speaker" action={action} />
      </template>
      <div class="picker-search">
        <label for="person-query">{w.search}</label>
        <div class="search-row">
          <input type="search" id="person-query" name="personQuery" value={picker.query} maxlength={100} autocomplete="off" aria-describedby="person-query-help" data-found-none={w.foundNone} data-found-some={w.foundSome} data-options={w.options} />
          <button type="submit" name="intent" value="search" class="secondary" formnovalidate formaction={target}>
            {w.searchButton}
          </button>
        </div>
        <p id="person-query-help" class="meta">
          {w.searchHelp}
        </p>
        {picker.matches === null ? null : (
          <div id="person-matches" class="matches">
            <p>
              <strong>{w.matchesFor(picker.query)}</strong>
            </p>
            {picker.matches.length === 0 ? (
              <p class="muted">{w.noMatches}</p>
            ) : (
              <ul>
                {picker.matches.map((m) => (
                  <li>
                    <button type="submit" name="add" value={m.id} class="secondary" formnovalidate formaction={target}>
                      {w.add}: {m.name}
                      {m.organisation ? ` — ${m.organisation}` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {picker.more ? <p class="meta">{w.moreMatches(MATCH_LIMIT)}</p> : null}
          </div>
        )}
      </div>
      <details class="new-person" open={hasErrors}>
        <summary>{w.newPerson}</summary>
        <p class="meta">{w.newPersonHelp}</p>
        {hasErrors ? (
          <p class="field-error" role="alert">
            {w.fixNewPerson}
          </p>
        ) : null}
        <div class="row">
          {(
            [
              ['name', w.newName, 'text', 200],
              ['organisation', w.newOrganisation, 'text', 300],
              ['position', w.newPosition, 'text', 300],
              ['email', w.newEmail, 'email', 254],
              ['phone', w.newPhone, 'tel', 40],
            ] as const
          ).map(([field, label, type, max]) => (
            <div>
              <label for={`new-${field}`}>{label}</label>
              <input
                type={type}
                id={`new-${field}`}
                name={`new-${field}`}
                value={picker.draft[field]}
                maxlength={max}
                aria-invalid={errorOf(field) ? 'true' : undefined}
                aria-describedby={errorOf(field) ? `new-${field}-error` : undefined}
              />
              {errorOf(field) ? (
                <p id={`new-${field}-error`} class="field-error">
                  {errorOf(field)}
                </p>
              ) : null}
            </div>
          ))}
          <div>
            <label for="new-role">{w.newRole}</label>
            <select id="new-role" name="new-role">
              {ROLES.map((r) => (
                <option value={r} selected={picker.draft.role === r}>
                  {p.t.role[r]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" name="intent" value="newPerson" formnovalidate formaction={target}>
          {w.createPerson}
        </button>
      </details>
    </fieldset>
  );
};
