// The console's week: a table of days by hours in the station's own zone, each dialogue
// over the hours it fills, overlapping ones sharing a cell, long titles kept whole in
// the link, and today marked.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { browser } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterAll(() => t.close());

const week = (station: string, monday?: string, lang = '') => browser(t, { session: t.coordinator }).get(`/console?station=${station}${monday ? `&week=${monday}` : ''}${lang}`);

/** The grid's body rows: their hour label and cells, as the HTML has them. */
function grid(html: string) {
  const body = /<tbody>(.*)<\/tbody>/s.exec(html)?.[1] ?? '';
  return body.split('<tr>').slice(1).map((row) => ({
    hour: /<th scope="row" class="hour">([^<]+)<\/th>/.exec(row)?.[1],
    cells: [...row.matchAll(/<td(?: class="([^"]*)")?(?: rowspan="(\d+)")?>/g)].map((m) => ({ cls: m[1] ?? '', span: Number(m[2] ?? 1) })),
  }));
}

const LONG = 'Sosialisasi Peraturan Daerah tentang Penyelenggaraan Keterbukaan Informasi Publik di Lingkungan Pemerintah Provinsi Kalimantan Tengah Tahun Anggaran 2032';

it('places each dialogue over its hours in the station zone, overlapping ones in one cell, early and late hours added', async () => {
  // Monday 7 June 2032 to Sunday 13 June.
  const two = await t.create('/api/dialogues', { ...booking(s.station.id, '2032-06-08T10:00', '2032-06-08T12:00'), title: LONG });
  const dropped = await t.create('/api/dialogues', { ...booking(s.station.id, '2032-06-09T09:00', '2032-06-09T10:00'), title: 'Batal' });
  await t.call('PATCH', `/api/dialogues/${dropped.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
  await t.create('/api/dialogues', { ...booking(s.station.id, '2032-06-09T09:30', '2032-06-09T10:30'), title: 'Pengganti' });
  await t.create('/api/dialogues', { ...booking(s.station.id, '2032-06-11T05:15', '2032-06-11T05:45'), title: 'Subuh' });
  await t.create('/api/dialogues', { ...booking(s.station.id, '2032-06-12T22:30', '2032-06-12T23:30'), title: 'Larut' });
  // Another station's dialogue at the same time is not in this station's week.
  await t.create('/api/dialogues', { ...booking(s.other.id, '2032-06-08T10:00', '2032-06-08T11:00'), title: 'Di Jayapura' });

  const res = await week(s.station.id, '2032-06-09');
  expect(res.status).toBe(200);
  expect(res.html).toContain('<caption id="week-caption">Jadwal RRI Palangka Raya, jam WIB</caption>');
  expect(res.html).not.toContain('Di Jayapura');
  const rows = grid(res.html);
  // 05.00 (the earliest booking) to 23.00 (the latest ends at 23.30): 19 rows.
  expect(rows.map((r) => r.hour)).toEqual(Array.from({ length: 19 }, (_, i) => `${String(5 + i).padStart(2, '0')}.00`));
  // Every row has seven days, counting the cells of dialogues that began in an earlier row.
  const spans = rows.flatMap((r) => r.cells.map((c) => c.span));
  expect(spans.reduce((a, b) => a + b, 0)).toBe(7 * rows.length);

  const row = (hour: string) => rows.find((r) => r.hour === hour);
  // Tuesday 10.00–12.00: one cell over two rows, in the second column.
  expect(row('10.00')?.cells[1]).toEqual({ cls: 'busy', span: 2 });
  expect(row('11.00')?.cells).toHaveLength(6);
  // Wednesday: the cancelled 09.00–10.00 and its replacement 09.30–10.30 share 09.00–11.00.
  expect(row('09.00')?.cells[2]).toEqual({ cls: 'busy', span: 2 });
  const wednesday = /<td class="busy" rowspan="2"><ul class="slots"><li class="slot cancelled">.*?<\/ul><\/td>/.exec(res.html)?.[0] ?? '';
  expect(wednesday).toContain('<span class="what">Batal</span>');
  expect(wednesday).toContain('<li class="slot scheduled"><a href="/console/dialogues/');
  expect(wednesday).toContain('<span class="when">09.30–10.30</span> <span class="what">Pengganti</span>');
  // The whole title stays in the link (its name) and its tooltip; only the display is cut.
  expect(res.html).toContain(`<a href="/console/dialogues/${two.id}" title="${LONG}"><span class="when">10.00–12.00</span> <span class="what">${LONG}</span></a>`);
});

it("shows another station's week in that station's own zone", async () => {
  await t.create('/api/dialogues', { ...booking(s.other.id, '2032-06-15T09:00', '2032-06-15T10:00'), title: 'Pagi di Jayapura' });
  const res = await week(s.other.id, '2032-06-14');
  expect(res.html).toContain('Jadwal RRI Jayapura, jam WIT');
  expect(res.html).toContain('<span class="when">09.00–10.00</span> <span class="what">Pagi di Jayapura</span>');
  const rows = grid(res.html);
  expect(rows.find((r) => r.hour === '09.00')?.cells[1]?.cls).toBe('busy');
  const english = await week(s.other.id, '2032-06-14', '&lang=en');
  expect(english.html).toContain('Schedule of RRI Jayapura, WIT times');
  expect(english.html).toContain('<th scope="col" class="hour">Time</th>');
});

it('marks today in this week, and no day in another week', async () => {
  const today = DateTime.now().setZone('Asia/Jakarta');
  const res = await week(s.station.id);
  const label = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', weekday: 'short', day: 'numeric', month: 'short' }).format(today.toJSDate());
  expect(res.html.match(/aria-current="date"/g)).toHaveLength(1);
  expect(res.html).toContain(`<th scope="col" class="today" aria-current="date">${label}<span class="today-mark"> · Hari ini</span>`);
  // Today's column is tinted in every row.
  const rows = grid(res.html);
  expect(rows.every((r) => r.cells.filter((c) => c.cls.includes('today')).length <= 1)).toBe(true);
  expect(rows.filter((r) => r.cells.some((c) => c.cls.includes('today'))).length).toBeGreaterThan(0);

  const later = await week(s.station.id, today.plus({ weeks: 3 }).toISODate() as string);
  expect(later.html).not.toContain('aria-current="date"');
  expect(later.html).not.toContain('Hari ini');
});
