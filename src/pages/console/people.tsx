// The console's people (/console/people): speakers, hosts and moderators, searched by name,
// added and changed (name, title, organisation, contact details, public bio and photo, the
// language of their messages), and two records of one person merged. Through the same
// services and schemas as the API.
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { Speaker } from '../../db/schema.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { decodeCursor, page } from '../../http/schemas.ts';
import { listVisibleSpeakers } from '../../speakers/speakers.repository.ts';
import { SpeakerInput, SpeakerPatch } from '../../speakers/speakers.schemas.ts';
import { createSpeaker, getSpeaker, mergeSpeakers, updateSpeaker } from '../../speakers/speakers.service.ts';
import { Notices } from '../components.tsx';
import { visiblePeople } from '../data.ts';
import { readForm, text } from '../forms.ts';
import { CsrfField, Layout, type PageContext, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';
import { manageWords } from './manage.i18n.ts';
import { Field, orNull, refusal, valuesOf } from './manage.tsx';

const FIELDS = ['name', 'position', 'organisation', 'email', 'phone', 'bio', 'photoUrl', 'language'] as const;
const PAGE_SIZE = 50;
type Values = Record<string, string>;
type Person = { id: string; name: string; position: string | null; organisation: string | null };

const valuesOfPerson = (s: Speaker): Values => ({
  name: s.name,
  position: s.position ?? '',
  organisation: s.organisation ?? '',
  email: s.email ?? '',
  phone: s.phone ?? '',
  bio: s.bio ?? '',
  photoUrl: s.photo_url ?? '',
  language: s.language,
});

const inputOf = (v: Values) => ({
  name: v.name,
  position: orNull(v.position),
  organisation: orNull(v.organisation),
  email: orNull(v.email),
  phone: orNull(v.phone),
  bio: orNull(v.bio),
  photoUrl: orNull(v.photoUrl),
  language: v.language === 'en' ? 'en' : 'id',
});

const describe = (q: Person) => [q.position, q.organisation].filter(Boolean).join(', ');

const PeoplePage: FC<{ x: ConsoleContext; q: string; people: Person[]; next: string | null; notice?: string }> = ({ x, q, people, next, notice }) => {
  const w = manageWords(x.p.lang);
  return (
    <Layout p={x.p} title={w.people} area="console" signOut={x.csrf}>
      <h1>{w.people}</h1>
      <Notices notice={notice} />
      <form method="get" action="/console/people" class="search" role="search">
        <div>
          <label for="q">{w.searchPeople}</label>
          <input type="search" id="q" name="q" value={q} maxlength={100} />
        </div>
        <button type="submit">{w.search}</button>
      </form>
      <p>
        <a class="button" href="/console/people/new">
          {w.addPerson}
        </a>
      </p>
      {people.length === 0 ? (
        <p class="muted">{w.noPeople}</p>
      ) : (
        <ul class="cards" id="people">
          {people.map((person) => (
            <li>
              <h2>
                <a href={`/console/people/${person.id}`}>{person.name}</a>
              </h2>
              {describe(person) ? <p class="meta">{describe(person)}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <p>
          <a href={`/console/people?${new URLSearchParams({ ...(q ? { q } : {}), cursor: next }).toString()}`}>{w.morePeople} →</a>
        </p>
      ) : null}
    </Layout>
  );
};

const PersonForm: FC<{ x: ConsoleContext; values: Values; action: string }> = ({ x, values, action }) => {
  const w = manageWords(x.p.lang);
  return (
    <form method="post" action={action}>
      <CsrfField token={x.csrf} />
      <Field name="name" label={w.name} value={values.name} required maxlength={200} />
      <div class="row">
        <Field name="position" label={w.position} value={values.position} maxlength={300} />
        <Field name="organisation" label={w.organisation} value={values.organisation} maxlength={300} />
      </div>
      <div class="row">
        <Field name="email" label={w.email} type="email" value={values.email} maxlength={254} autocomplete="off" help={w.contactHelp} />
        <Field name="phone" label={w.phone} type="tel" value={values.phone} maxlength={40} autocomplete="off" />
      </div>
      <label for="f-language">{w.language}</label>
      <select id="f-language" name="language">
        {(['id', 'en'] as const).map((lang) => (
          <option value={lang} selected={(values.language || 'id') === lang} lang={lang}>
            {w.languages[lang]}
          </option>
        ))}
      </select>
      <Field name="bio" label={w.bio} value={values.bio} maxlength={5000} multiline />
      <Field name="photoUrl" label={w.photoUrl} type="url" value={values.photoUrl} maxlength={2000} />
      <p>
        <button type="submit">{w.save}</button> <a href="/console/people">{w.back}</a>
      </p>
    </form>
  );
};

const NewPersonPage: FC<{ x: ConsoleContext; values: Values; errors?: Child[] }> = ({ x, values, errors }) => {
  const w = manageWords(x.p.lang);
  return (
    <Layout p={x.p} title={w.addPerson} area="console" signOut={x.csrf}>
      <h1>{w.addPerson}</h1>
      <Notices errors={errors} title={x.p.t.fixFields} />
      <PersonForm x={x} values={values} action="/console/people" />
    </Layout>
  );
};

const PersonPage: FC<{
  x: ConsoleContext;
  person: Speaker;
  values: Values;
  others: Person[];
  notice?: string;
  errors?: Child[];
  mergeErrors?: Child[];
}> = ({ x, person, values, others, notice, errors, mergeErrors }) => {
  const w = manageWords(x.p.lang);
  return (
    <Layout p={x.p} title={person.name} area="console" signOut={x.csrf}>
      <h1>{person.name}</h1>
      <p class="meta">
        <a href={`/console/speakers/${person.id}/link`}>{w.personLink}</a>
      </p>
      <Notices notice={notice} errors={errors} title={x.p.t.fixFields} />
      <PersonForm x={x} values={values} action={`/console/people/${person.id}`} />
      <section aria-labelledby="merge-heading">
        <h2 id="merge-heading">{w.merge}</h2>
        <p>{w.mergeHelp}</p>
        {mergeErrors ? (
          <div class="notice error" role="alert" id="merge-errors">
            <ul>
              {mergeErrors.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action={`/console/people/${person.id}/merge`}>
          <CsrfField token={x.csrf} />
          <label for="otherId">{w.mergeOther}</label>
          <select id="otherId" name="otherId" required>
            <option value="">{x.p.t.none}</option>
            {others.map((other) => (
              <option value={other.id}>
                {other.name}
                {describe(other) ? ` — ${describe(other)}` : ''}
              </option>
            ))}
          </select>
          <div class="checks">
            <label>
              <input type="checkbox" name="confirm" value="yes" required /> {w.mergeConfirm}
            </label>
          </div>
          <button type="submit" class="danger">
            {w.mergeButton}
          </button>
        </form>
      </section>
    </Layout>
  );
};

export function peopleConsolePages({ db }: Deps) {
  async function personPage(
    c: PageContext,
    x: ConsoleContext,
    id: string,
    extra: { values?: Values; notice?: string; errors?: Child[]; mergeErrors?: Child[] } = {},
    status: 200 | 400 | 404 | 409 | 429 = 200,
  ) {
    const person = await getSpeaker(db, x.p.actor, id);
    const others = (await visiblePeople(db, x.p.actor)).filter((other) => other.id !== id);
    return render(c, <PersonPage x={x} person={person} values={extra.values ?? valuesOfPerson(person)} others={others} {...extra} />, status);
  }

  return new Hono<AppEnv>()
    .get('/people', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const q = (c.req.query('q') ?? '').trim().slice(0, 100);
      let after: ReturnType<typeof decodeCursor> = null;
      try {
        after = decodeCursor(c.req.query('cursor') || undefined);
      } catch {
        // A damaged "next" address starts the list again rather than failing.
      }
      const rows = await listVisibleSpeakers(db, me.actor, { q: q || undefined, after, limit: PAGE_SIZE });
      const result = page(rows, PAGE_SIZE, (s) => [s.name, s.id]);
      const w = manageWords(me.x.p.lang);
      const done = c.req.query('done');
      return render(c, <PeoplePage x={me.x} q={q} people={result.items} next={result.nextCursor} notice={done === 'created' ? w.created : undefined} />);
    })
    .get('/people/new', (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      return render(c, <NewPersonPage x={me.x} values={{}} />);
    })
    .post('/people', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const values = valuesOf(await readForm(c, credentialOf(c)), FIELDS);
      try {
        const person = await createSpeaker(db, SpeakerInput.parse(inputOf(values)));
        return c.redirect(`/console/people/${person.id}?done=created`, 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return render(c, <NewPersonPage x={me.x} values={values} errors={problem.lines} />, problem.status);
      }
    })
    .get('/people/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const w = manageWords(me.x.p.lang);
      const done = c.req.query('done');
      const notice = done === 'created' ? w.created : done === 'saved' ? w.saved : done === 'merged' ? w.merged : undefined;
      return personPage(c, me.x, c.req.param('id'), { notice });
    })
    .post('/people/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const values = valuesOf(await readForm(c, credentialOf(c)), FIELDS);
      try {
        await updateSpeaker(db, id, SpeakerPatch.parse(inputOf(values)));
        return c.redirect(`/console/people/${id}?done=saved`, 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        if (problem.status === 404) throw error;
        return personPage(c, me.x, id, { values, errors: problem.lines }, problem.status);
      }
    })
    .post('/people/:id/merge', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const fields = await readForm(c, credentialOf(c));
      const w = manageWords(me.x.p.lang);
      const otherId = text(fields, 'otherId');
      // Without the confirmation, or without a choice, nothing changes.
      if (!otherId) return personPage(c, me.x, id, { mergeErrors: [w.mergeChoose] }, 400);
      if (text(fields, 'confirm') !== 'yes') return personPage(c, me.x, id, { mergeErrors: [w.mergeMustConfirm] }, 400);
      try {
        await mergeSpeakers(db, id, otherId);
        return c.redirect(`/console/people/${id}?done=merged`, 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return personPage(c, me.x, id, { mergeErrors: problem.lines }, problem.status);
      }
    });
}
