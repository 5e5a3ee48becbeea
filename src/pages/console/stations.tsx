// The console's stations (/console/stations): every coordinator sees them with their time
// zone, recorder folder, capture margins and what invitations say, and adds and changes them
// (PRODUCT.md: coordinators manage stations, as the API lets them). Through the same service
// and schemas as the API.
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { Station } from '../../db/schema.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { StationInput, StationPatch } from '../../stations/stations.schemas.ts';
import { createStation, getStation, updateStation } from '../../stations/stations.service.ts';
import { Notices } from '../components.tsx';
import { directory } from '../data.ts';
import { readForm } from '../forms.ts';
import { CsrfField, Layout, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';
import { manageWords } from './manage.i18n.ts';
import { Field, numberOrNull, orNull, orUndefined, refusal, valuesOf } from './manage.tsx';

const FIELDS = ['name', 'slug', 'timezone', 'recorderId', 'prerollSeconds', 'postrollSeconds', 'retentionDays', 'transcriptPolicy', 'asrLanguage', 'studioAddress', 'dialIn'] as const;
type Values = Record<string, string>;

const valuesOfStation = (s: Station): Values => ({
  name: s.name,
  slug: s.slug,
  timezone: s.timezone,
  recorderId: s.recorder_id ?? '',
  prerollSeconds: s.capture_preroll_sec === null ? '' : String(s.capture_preroll_sec),
  postrollSeconds: s.capture_postroll_sec === null ? '' : String(s.capture_postroll_sec),
  retentionDays: s.retention_days === null ? '' : String(s.retention_days),
  transcriptPolicy: s.transcript_policy,
  asrLanguage: s.asr_language,
  studioAddress: s.studio_address ?? '',
  dialIn: s.dial_in ?? '',
});

/** The form's text as the API's input: empty optional fields are "none". */
const inputOf = (v: Values) => ({
  name: v.name,
  slug: orUndefined(v.slug),
  timezone: v.timezone,
  recorderId: orNull(v.recorderId),
  prerollSeconds: numberOrNull(v.prerollSeconds),
  postrollSeconds: numberOrNull(v.postrollSeconds),
  retentionDays: numberOrNull(v.retentionDays),
  transcriptPolicy: orUndefined(v.transcriptPolicy),
  asrLanguage: orUndefined(v.asrLanguage),
  studioAddress: orNull(v.studioAddress),
  dialIn: orNull(v.dialIn),
});

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];

const StationsPage: FC<{ x: ConsoleContext; stations: Station[]; notice?: string }> = ({ x, stations, notice }) => {
  const w = manageWords(x.p.lang);
  const seconds = (n: number | null) => (n === null ? w.defaultMargin : `${n} s`);
  return (
    <Layout p={x.p} title={w.stations} area="console" signOut={x.csrf}>
      <h1>{w.stations}</h1>
      <Notices notice={notice} />
      <p>
        <a class="button" href="/console/stations/new">
          {w.addStation}
        </a>
      </p>
      {stations.length === 0 ? (
        <p class="muted">{w.none}</p>
      ) : (
        <ul class="cards" id="stations">
          {stations.map((s) => (
            <li>
              <h2>
                <a href={`/console/stations/${s.id}`} aria-label={w.editThing(s.name)}>
                  {s.name}
                </a>
              </h2>
              <dl class="facts">
                <dt>{w.timezone}</dt>
                <dd>
                  {s.timezone} ({x.p.f.zone(s.timezone, new Date().toISOString())})
                </dd>
                <dt>{w.recorderId}</dt>
                <dd>
                  <code>media/incoming/{s.recorder_id ?? s.slug}/</code>
                </dd>
                <dt>{w.preroll}</dt>
                <dd>{seconds(s.capture_preroll_sec)}</dd>
                <dt>{w.postroll}</dt>
                <dd>{seconds(s.capture_postroll_sec)}</dd>
                <dt>{w.retentionDays}</dt>
                <dd>{s.retention_days === null ? w.defaultMargin : s.retention_days}</dd>
                <dt>{w.transcriptPolicy}</dt>
                <dd>{w.policies[s.transcript_policy]}</dd>
                {s.studio_address ? (
                  <>
                    <dt>{w.studioAddress}</dt>
                    <dd>{s.studio_address}</dd>
                  </>
                ) : null}
                {s.dial_in ? (
                  <>
                    <dt>{w.dialIn}</dt>
                    <dd>{s.dial_in}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
};

const StationFormPage: FC<{ x: ConsoleContext; values: Values; stationId: string | null; errors?: Child[] }> = ({ x, values, stationId, errors }) => {
  const w = manageWords(x.p.lang);
  const title = stationId ? w.editThing(values.name || w.stations) : w.addStation;
  return (
    <Layout p={x.p} title={title} area="console" signOut={x.csrf}>
      <h1>{title}</h1>
      <Notices errors={errors} title={x.p.t.fixFields} />
      <form method="post" action={stationId ? `/console/stations/${stationId}` : '/console/stations'}>
        <CsrfField token={x.csrf} />
        <Field name="name" label={w.stationName} value={values.name} required maxlength={200} />
        <div class="row">
          <Field name="slug" label={w.slug} value={values.slug} maxlength={100} help={w.slugHelp} />
          <Field name="timezone" label={w.timezone} value={values.timezone || 'Asia/Jakarta'} required list="zones" help={w.timezoneHelp} />
        </div>
        <datalist id="zones">
          {ZONES.map((zone) => (
            <option value={zone} />
          ))}
        </datalist>
        <Field name="recorderId" label={w.recorderId} value={values.recorderId} maxlength={80} help={w.recorderHelp} />
        <div class="row">
          <Field name="prerollSeconds" label={w.preroll} type="number" min={0} max={3600} value={values.prerollSeconds} help={w.marginHelp} />
          <Field name="postrollSeconds" label={w.postroll} type="number" min={0} max={3600} value={values.postrollSeconds} />
        </div>
        <Field name="retentionDays" label={w.retentionDays} type="number" min={1} max={36500} value={values.retentionDays} help={w.retentionHelp} />
        <div class="row">
          <div>
            <label for="f-transcriptPolicy">{w.transcriptPolicy}</label>
            <select id="f-transcriptPolicy" name="transcriptPolicy">
              {(['publish', 'hold'] as const).map((policy) => (
                <option value={policy} selected={(values.transcriptPolicy || 'publish') === policy}>
                  {w.policies[policy]}
                </option>
              ))}
            </select>
          </div>
          <Field name="asrLanguage" label={w.asrLanguage} value={values.asrLanguage || 'id'} maxlength={3} help={w.asrLanguageHelp} />
        </div>
        <Field name="studioAddress" label={w.studioAddress} value={values.studioAddress} maxlength={500} multiline help={w.invitationHelp} />
        <Field name="dialIn" label={w.dialIn} value={values.dialIn} maxlength={200} />
        <p>
          <button type="submit">{w.save}</button> <a href="/console/stations">{w.back}</a>
        </p>
      </form>
    </Layout>
  );
};

export function stationConsolePages({ db }: Deps) {
  return new Hono<AppEnv>()
    .get('/stations', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const done = c.req.query('done');
      const w = manageWords(me.x.p.lang);
      const stations = [...(await directory(db)).stations.values()];
      return render(c, <StationsPage x={me.x} stations={stations} notice={done === 'created' ? w.created : done === 'saved' ? w.saved : undefined} />);
    })
    .get('/stations/new', (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      return render(c, <StationFormPage x={me.x} values={{}} stationId={null} />);
    })
    .post('/stations', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const values = valuesOf(await readForm(c, credentialOf(c)), FIELDS);
      try {
        await createStation(db, StationInput.parse(inputOf(values)));
        return c.redirect('/console/stations?done=created', 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return render(c, <StationFormPage x={me.x} values={values} stationId={null} errors={problem.lines} />, problem.status);
      }
    })
    .get('/stations/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const station = await getStation(db, c.req.param('id'));
      return render(c, <StationFormPage x={me.x} values={valuesOfStation(station)} stationId={station.id} />);
    })
    .post('/stations/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const values = valuesOf(await readForm(c, credentialOf(c)), FIELDS);
      const id = c.req.param('id');
      await getStation(db, id);
      try {
        await updateStation(db, id, StationPatch.parse(inputOf(values)));
        return c.redirect('/console/stations?done=saved', 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return render(c, <StationFormPage x={me.x} values={values} stationId={id} errors={problem.lines} />, problem.status);
      }
    });
}
