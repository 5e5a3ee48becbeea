// A station's public page (/stations/{slug}): what is on air now and the next seven days'
// announced dialogues, day by day in the station's own time zone, with its calendar feed.
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { DateTime } from 'luxon';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import { listDialogues } from '../../dialogues/dialogues.service.ts';
import { notFound, THINGS } from '../../errors.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { findStationBySlug } from '../../stations/stations.repository.ts';
import { DialogueList } from '../components.tsx';
import { type Directory, directory } from '../data.ts';
import type { Lang } from '../i18n.ts';
import { Layout, type Page, pageOf, render } from '../layout.tsx';

const words = {
  id: { onAir: 'Sedang mengudara', nothingOnAir: 'Tidak ada dialog yang sedang mengudara.', week: 'Tujuh hari ke depan', noDialogue: 'Tidak ada dialog.', subscribe: 'Langganan kalender (iCal)', zone: 'Waktu setempat' },
  en: { onAir: 'On air now', nothingOnAir: 'No dialogue is on air now.', week: 'The next seven days', noDialogue: 'No dialogue.', subscribe: 'Subscribe to the calendar (iCal)', zone: 'Local time' },
} satisfies Record<Lang, Record<string, string>>;

type Day = { date: string; label: string; items: DialogueJson[] };

const StationPage: FC<{ p: Page; dir: Directory; station: { name: string; slug: string; timezone: string }; onAir: DialogueJson[]; days: Day[] }> = ({
  p,
  dir,
  station,
  onAir,
  days,
}) => {
  const w = words[p.lang];
  const hrefOf = (d: DialogueJson) => (p.actor.kind === 'user' ? `/console/dialogues/${d.id}` : `/dialog/${d.id}`);
  return (
    <Layout p={p} title={station.name}>
      <h1>{station.name}</h1>
      <p class="meta">
        {w.zone}: {p.f.zone(station.timezone, new Date().toISOString())} ({station.timezone}) · <a href={`/calendar/stations/${station.slug}.ics`}>{w.subscribe}</a>
      </p>
      <section aria-labelledby="on-air-heading">
        <h2 id="on-air-heading">{w.onAir}</h2>
        <DialogueList p={p} items={onAir} dir={dir} empty={w.nothingOnAir} hrefOf={hrefOf} />
      </section>
      <section aria-labelledby="week-heading">
        <h2 id="week-heading">{w.week}</h2>
        {days.map((day) => (
          <section aria-label={day.label}>
            <h3>{day.label}</h3>
            <DialogueList p={p} items={day.items} dir={dir} empty={w.noDialogue} showStatus hrefOf={hrefOf} />
          </section>
        ))}
      </section>
    </Layout>
  );
};

/** Dialogues worth showing ahead: scheduled, or cancelled (shown as such until their time has passed). */
const ahead = (d: DialogueJson) => d.status === 'scheduled' || d.status === 'cancelled';

export function stationPages({ db }: Deps) {
  return new Hono<AppEnv>().get('/stations/:slug{[a-z0-9-]+}', async (c) => {
    const p = pageOf(c);
    const station = await findStationBySlug(db, c.req.param('slug'));
    if (!station) throw notFound(THINGS.station);
    const now = DateTime.now().setZone(station.timezone);
    const end = now.startOf('day').plus({ days: 7 });
    const [dir, listed] = await Promise.all([
      directory(db),
      listDialogues(db, p.actor, { station: station.id, from: now.toUTC().toISO() as string, to: end.toUTC().toISO() as string, limit: 200 }, null),
    ]);
    const nowIso = now.toUTC().toISO() as string;
    const onAir = listed.items.filter((d) => d.status !== 'cancelled' && d.status !== 'draft' && d.startsAt <= nowIso && d.endsAt > nowIso);
    const days: Day[] = Array.from({ length: 7 }, (_, i) => {
      const day = now.startOf('day').plus({ days: i });
      const next = day.plus({ days: 1 });
      return {
        date: day.toISODate() as string,
        label: p.f.date(day.toUTC().toISO() as string, station.timezone),
        items: listed.items.filter((d) => ahead(d) && d.startsAt >= (day.toUTC().toISO() as string) && d.startsAt < (next.toUTC().toISO() as string)),
      };
    });
    return render(c, <StationPage p={p} dir={dir} station={station} onAir={onAir} days={days} />);
  });
}
