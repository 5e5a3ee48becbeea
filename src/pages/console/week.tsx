// The console's week of one station: a table with the days as columns and the hours as
// rows, in the station's own time zone. A dialogue fills the hours it touches (rowspan);
// dialogues whose hours overlap (a cancelled one beside its replacement) share one cell.
// A table, because that is what it is: screen readers announce each slot's day and hour,
// and the links are reached with Tab in reading order. Titles are cut after two lines in
// the grid (the link keeps the whole title as its name and its tooltip).
import type { FC } from 'hono/jsx';
import { DateTime } from 'luxon';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import { StatusBadge } from '../components.tsx';
import type { Directory } from '../data.ts';
import { Layout } from '../layout.tsx';
import { bookingWords } from './booking.i18n.ts';
import type { ConsoleContext } from './console.tsx';

export type WeekDay = { date: string; label: string; today: boolean; items: DialogueJson[] };

/** Hours of a day its dialogues occupy, [from, to), with the dialogues in them. */
type Block = { from: number; to: number; items: DialogueJson[] };

// Radio dialogues are booked in the day; earlier and later hours appear when a week has them.
const FIRST_HOUR = 6;
const LAST_HOUR = 22;

/** A day's dialogues as table cells: each one's hours in the station's zone, merged where they overlap. */
export function blocksOf(day: WeekDay, zone: string): Block[] {
  const spans = day.items
    .map((d) => {
      const start = DateTime.fromISO(d.startsAt).setZone(zone);
      const end = DateTime.fromISO(d.endsAt).setZone(zone);
      // A dialogue running past midnight fills its first day to the end.
      const to = end.toISODate() === day.date ? end.hour + (end.minute > 0 || end.second > 0 ? 1 : 0) : 24;
      return { from: start.hour, to: Math.max(start.hour + 1, to), d };
    })
    .sort((a, b) => a.from - b.from || a.d.startsAt.localeCompare(b.d.startsAt));
  const blocks: Block[] = [];
  for (const span of spans) {
    const last = blocks[blocks.length - 1];
    if (last && span.from < last.to) {
      last.to = Math.max(last.to, span.to);
      last.items.push(span.d);
    } else blocks.push({ from: span.from, to: span.to, items: [span.d] });
  }
  return blocks;
}

export const WeekPage: FC<{
  x: ConsoleContext;
  dir: Directory;
  stationId: string | null;
  week: string;
  prevWeek: string;
  nextWeek: string;
  days: WeekDay[];
}> = ({ x, dir, stationId, week, prevWeek, nextWeek, days }) => {
  const { t, f } = x.p;
  const w = bookingWords(x.p.lang);
  const station = stationId ? dir.stations.get(stationId) : undefined;
  const zone = station?.timezone ?? 'UTC';
  const base = (wk: string) => `/console?station=${stationId ?? ''}&week=${wk}`;
  const blocks = days.map((day) => blocksOf(day, zone));
  const all = blocks.flat();
  const first = Math.min(FIRST_HOUR, ...all.map((b) => b.from));
  const last = Math.max(LAST_HOUR, ...all.map((b) => b.to));
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const monday = DateTime.fromISO(week, { zone });
  const hourLabel = (h: number) => f.time(monday.set({ hour: h }).toISO() as string, zone);
  return (
    <Layout p={x.p} title={t.consoleTitle} area="console" signOut={x.csrf}>
      <h1>
        {t.week} {days[0] ? f.shortDate(`${days[0].date}T12:00:00Z`, 'UTC') : ''}–{days[6] ? f.shortDate(`${days[6].date}T12:00:00Z`, 'UTC') : ''}{' '}
        {new Date(`${week}T12:00:00Z`).getUTCFullYear()} · {station?.name ?? ''}
      </h1>
      <form method="get" action="/console" class="search">
        <div>
          <label for="station">{t.station}</label>
          <select id="station" name="station">
            {[...dir.stations.values()].map((s) => (
              <option value={s.id} selected={s.id === stationId}>
                {s.name} ({f.zone(s.timezone, `${week}T12:00:00Z`)})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="week">{t.week}</label>
          <input type="date" id="week" name="week" value={week} />
        </div>
        <button type="submit">{t.show}</button>
      </form>
      <p>
        <a href={base(prevWeek)}>← {t.prevWeek}</a> · <a href={`/console?station=${stationId ?? ''}`}>{t.thisWeek}</a> ·{' '}
        <a href={base(nextWeek)}>{t.nextWeek} →</a> · <a href={`/console/dialogues/new?station=${stationId ?? ''}`}>+ {t.newDialogue}</a>
      </p>
      {/* Wider than a phone: it scrolls sideways, and takes the keyboard's focus to do so. */}
      <div class="week-scroll" role="region" aria-labelledby="week-caption" tabindex={0}>
        <table class="week-grid">
          <caption id="week-caption">{w.grid(station?.name ?? '', f.zone(zone, `${week}T12:00:00Z`))}</caption>
          <thead>
            <tr>
              <th scope="col" class="hour">
                {w.hour}
              </th>
              {days.map((day) => (
                <th scope="col" class={day.today ? 'today' : undefined} aria-current={day.today ? 'date' : undefined}>
                  {day.label}
                  {day.today ? <span class="today-mark"> · {w.today}</span> : null}{' '}
                  <a class="add" href={`/console/dialogues/new?station=${stationId ?? ''}&date=${day.date}`} aria-label={w.bookOn(day.label)} title={w.bookOn(day.label)}>
                    +
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr>
                <th scope="row" class="hour">
                  {hourLabel(h)}
                </th>
                {days.map((day, i) => {
                  const block = blocks[i]?.find((b) => b.from <= h && h < b.to);
                  if (block && block.from < h) return null;
                  const cls = [block ? 'busy' : '', day.today ? 'today' : ''].filter(Boolean).join(' ') || undefined;
                  if (!block) return <td class={cls}></td>;
                  return (
                    <td class={cls} rowspan={block.to - block.from}>
                      <ul class="slots">
                        {block.items.map((d) => (
                          <li class={`slot ${d.status}`}>
                            <a href={`/console/dialogues/${d.id}`} title={d.title}>
                              <span class="when">
                                {f.time(d.startsAt, zone)}–{f.time(d.endsAt, zone)}
                              </span>{' '}
                              <span class="what">{d.title}</span>
                            </a>{' '}
                            <StatusBadge p={x.p} status={d.status} />
                          </li>
                        ))}
                      </ul>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
};
