// The console's programmes (/console/programmes): a station's series of dialogues, each
// with its podcast feed; coordinators list, add and change them through the same service
// and schemas as the API.
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { Program } from '../../db/schema.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { ProgramInput, ProgramPatch } from '../../programs/programs.schemas.ts';
import { createProgram, getProgram, updateProgram } from '../../programs/programs.service.ts';
import { Notices } from '../components.tsx';
import { type Directory, directory } from '../data.ts';
import { readForm, text } from '../forms.ts';
import { CsrfField, Layout, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';
import { manageWords } from './manage.i18n.ts';
import { Field, orNull, orUndefined, refusal, valuesOf } from './manage.tsx';

const FIELDS = ['stationId', 'title', 'slug', 'description', 'organiser'] as const;
type Values = Record<string, string>;

const valuesOfProgramme = (p: Program): Values => ({
  stationId: p.station_id,
  title: p.title,
  slug: p.slug,
  description: p.description ?? '',
  organiser: p.organiser ?? '',
  announceWhenScheduled: p.announce_when_scheduled === 1 ? 'yes' : '',
});

const inputOf = (v: Values) => ({
  stationId: v.stationId,
  title: v.title,
  slug: orUndefined(v.slug),
  description: orNull(v.description),
  organiser: orNull(v.organiser),
  announceWhenScheduled: v.announceWhenScheduled === 'yes',
});

const ProgrammesPage: FC<{ x: ConsoleContext; dir: Directory; notice?: string }> = ({ x, dir, notice }) => {
  const w = manageWords(x.p.lang);
  const programmes = [...dir.programs.values()];
  return (
    <Layout p={x.p} title={w.programmes} area="console" signOut={x.csrf}>
      <h1>{w.programmes}</h1>
      <Notices notice={notice} />
      <p>
        <a class="button" href="/console/programmes/new">
          {w.addProgramme}
        </a>{' '}
        <a href="/console/topics">{w.topics}</a>
      </p>
      {programmes.length === 0 ? (
        <p class="muted">{w.none}</p>
      ) : (
        <ul class="cards" id="programmes">
          {programmes.map((p) => (
            <li>
              <h2>
                <a href={`/console/programmes/${p.id}`} aria-label={w.editThing(p.title)}>
                  {p.title}
                </a>
              </h2>
              <p class="meta">
                {dir.stations.get(p.station_id)?.name ?? ''}
                {p.organiser ? ` · ${p.organiser}` : ''} · <a href={`/feeds/${p.slug}.xml`}>{w.feed}</a>
                {p.announce_when_scheduled === 1 ? ` · ${w.announceWhenScheduled}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
};

const ProgrammeFormPage: FC<{ x: ConsoleContext; dir: Directory; values: Values; programmeId: string | null; errors?: Child[] }> = ({
  x,
  dir,
  values,
  programmeId,
  errors,
}) => {
  const w = manageWords(x.p.lang);
  const title = programmeId ? w.editThing(values.title || w.programmes) : w.addProgramme;
  return (
    <Layout p={x.p} title={title} area="console" signOut={x.csrf}>
      <h1>{title}</h1>
      <Notices errors={errors} title={x.p.t.fixFields} />
      <form method="post" action={programmeId ? `/console/programmes/${programmeId}` : '/console/programmes'}>
        <CsrfField token={x.csrf} />
        <label for="f-stationId">{x.p.t.station}</label>
        <select id="f-stationId" name="stationId" required>
          {[...dir.stations.values()].map((s) => (
            <option value={s.id} selected={s.id === values.stationId}>
              {s.name}
            </option>
          ))}
        </select>
        <Field name="title" label={w.programmeTitle} value={values.title} required maxlength={200} />
        <Field name="slug" label={w.slug} value={values.slug} maxlength={100} help={w.slugHelp} />
        <Field name="organiser" label={w.organiser} value={values.organiser} maxlength={200} />
        <Field name="description" label={w.description} value={values.description} maxlength={5000} multiline />
        <div class="checks">
          <label>
            <input type="checkbox" name="announceWhenScheduled" value="yes" checked={values.announceWhenScheduled === 'yes'} /> {w.announceWhenScheduled}
          </label>
        </div>
        <p>
          <button type="submit">{w.save}</button> <a href="/console/programmes">{w.back}</a>
        </p>
      </form>
    </Layout>
  );
};

export function programmeConsolePages({ db }: Deps) {
  const read = async (c: Parameters<typeof credentialOf>[0]) => {
    const fields = await readForm(c, credentialOf(c));
    return { ...valuesOf(fields, FIELDS), announceWhenScheduled: text(fields, 'announceWhenScheduled') };
  };
  return new Hono<AppEnv>()
    .get('/programmes', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const w = manageWords(me.x.p.lang);
      const done = c.req.query('done');
      return render(c, <ProgrammesPage x={me.x} dir={await directory(db)} notice={done === 'created' ? w.created : done === 'saved' ? w.saved : undefined} />);
    })
    .get('/programmes/new', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      return render(c, <ProgrammeFormPage x={me.x} dir={await directory(db)} values={{ stationId: c.req.query('station') ?? '' }} programmeId={null} />);
    })
    .post('/programmes', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const values = await read(c);
      try {
        await createProgram(db, ProgramInput.parse(inputOf(values)));
        return c.redirect('/console/programmes?done=created', 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return render(c, <ProgrammeFormPage x={me.x} dir={await directory(db)} values={values} programmeId={null} errors={problem.lines} />, problem.status);
      }
    })
    .get('/programmes/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const programme = await getProgram(db, c.req.param('id'));
      return render(c, <ProgrammeFormPage x={me.x} dir={await directory(db)} values={valuesOfProgramme(programme)} programmeId={programme.id} />);
    })
    .post('/programmes/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const values = await read(c);
      await getProgram(db, id);
      try {
        await updateProgram(db, id, ProgramPatch.parse(inputOf(values)));
        return c.redirect('/console/programmes?done=saved', 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return render(c, <ProgrammeFormPage x={me.x} dir={await directory(db)} values={values} programmeId={id} errors={problem.lines} />, problem.status);
      }
    });
}
