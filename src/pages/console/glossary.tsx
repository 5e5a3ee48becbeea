// The console's glossary page, /console/glossary: a station's names and acronyms (or
// those of every station) with their expansions, which search matches with each other
// and the machine transcription reads. Kept apart from console.routes.tsx, which only
// links here; it calls the same service as the API, as the signed-in coordinator.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Child, FC } from 'hono/jsx';
import { SESSION_COOKIE } from '../../auth/identify.ts';
import type { GlossaryTerm } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { GlossaryTermInput } from '../../glossary/glossary.schemas.ts';
import { addGlossaryTerm, deleteGlossaryTerm, listGlossary } from '../../glossary/glossary.service.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { Notices } from '../components.tsx';
import { directory } from '../data.ts';
import { appErrorLines, problems, readForm, text } from '../forms.ts';
import { CsrfField, Layout, type Page, type PageContext, csrfTokenFor, pageOf, render } from '../layout.tsx';

const EVERY_STATION = 'all';

function credentialOf(c: PageContext): string {
  const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? getCookie(c, SESSION_COOKIE) ?? '';
}

const GlossaryPage: FC<{
  p: Page;
  csrf: string;
  stations: { id: string; name: string }[];
  stationId: string;
  items: GlossaryTerm[];
  notice?: string;
  errors?: Child[];
}> = ({ p, csrf, stations, stationId, items, notice, errors }) => {
  const { t } = p;
  const action = `/console/glossary?station=${encodeURIComponent(stationId)}`;
  return (
    <Layout p={p} title={t.glossary} area="console" signOut={csrf}>
      <h1>{t.glossary}</h1>
      <p>{t.glossaryHelp}</p>
      <form method="get" action="/console/glossary" class="inline">
        <label>
          {t.glossaryStation}{' '}
          <select name="station">
            <option value={EVERY_STATION} selected={stationId === EVERY_STATION}>
              {t.glossaryEveryStation}
            </option>
            {stations.map((s) => (
              <option value={s.id} selected={s.id === stationId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit" class="secondary">
          {t.glossaryShow}
        </button>
      </form>
      <Notices notice={notice} errors={errors} />
      {items.length === 0 ? (
        <p class="muted">{t.glossaryEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.glossaryTerm}</th>
              <th scope="col">{t.glossaryExpansion}</th>
              <th scope="col">
                <span class="visually-hidden">{t.glossaryDelete}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>{item.term}</td>
                <td>{item.expansion ?? ''}</td>
                <td>
                  <form method="post" action={`/console/glossary/${item.id}/delete?station=${encodeURIComponent(stationId)}`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="secondary" aria-label={`${t.glossaryDelete} ${item.term}`}>
                      {t.glossaryDelete}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.glossaryAdd}</h2>
      <form method="post" action={action}>
        <CsrfField token={csrf} />
        <label>
          {t.glossaryTerm} <input name="term" required maxlength={100} />
        </label>
        <label>
          {t.glossaryExpansion} <input name="expansion" maxlength={300} />
        </label>
        <button type="submit">{t.glossaryAdd}</button>
      </form>
    </Layout>
  );
};

export function glossaryConsolePages({ db }: Deps) {
  async function show(c: PageContext, status: 200 | 400 | 404 | 409 = 200, extra: { notice?: string; errors?: Child[] } = {}) {
    const actor = c.get('actor');
    if (actor.kind !== 'user') return c.redirect(`/console/login?next=${encodeURIComponent('/console/glossary')}`, 303);
    const p = pageOf(c);
    const dir = await directory(db);
    const stations = [...dir.stations.values()].map((s) => ({ id: s.id, name: s.name }));
    const asked = c.req.query('station') ?? EVERY_STATION;
    const stationId = asked === EVERY_STATION || stations.some((s) => s.id === asked) ? asked : EVERY_STATION;
    const items = await listGlossary(db, stationId === EVERY_STATION ? null : stationId);
    return render(c, <GlossaryPage p={p} csrf={csrfTokenFor(credentialOf(c))} stations={stations} stationId={stationId} items={items} {...extra} />, status);
  }
  const stationOf = (c: PageContext) => {
    const asked = c.req.query('station') ?? EVERY_STATION;
    return asked === EVERY_STATION ? null : asked;
  };

  return new Hono<AppEnv>()
    .get('/', (c) => show(c))
    .post('/', async (c) => {
      if (c.get('actor').kind !== 'user') return show(c);
      const fields = await readForm(c, credentialOf(c));
      const expansion = text(fields, 'expansion').trim();
      const input = GlossaryTermInput.safeParse({ term: text(fields, 'term'), expansion: expansion === '' ? null : expansion });
      if (!input.success) return show(c, 400, { errors: problems(input.error, pageOf(c)) });
      try {
        await addGlossaryTerm(db, stationOf(c), input.data);
      } catch (error) {
        if (error instanceof AppError && (error.status === 409 || error.status === 404)) return show(c, error.status, { errors: appErrorLines(error, pageOf(c)) });
        throw error;
      }
      return show(c, 200, { notice: pageOf(c).t.glossaryAdded });
    })
    .post('/:id/delete', async (c) => {
      if (c.get('actor').kind !== 'user') return show(c);
      await readForm(c, credentialOf(c));
      try {
        await deleteGlossaryTerm(db, stationOf(c), c.req.param('id'));
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return show(c, 404, { errors: appErrorLines(error, pageOf(c)) });
        throw error;
      }
      return show(c, 200, { notice: pageOf(c).t.glossaryDeleted });
    });
}
