// What the transcript and search tests share: aired dialogues to attach transcripts to,
// an upload through the API, and the same short dialogue in each of the four formats.
import { sql } from 'kysely';
import { booking, type TestApp, type seedBasics } from '../helpers/app.ts';

export type Basics = Awaited<ReturnType<typeof seedBasics>>;

let hour = 0;

/** A dialogue in 2021 with Suliwati and Elyanie speaking and Rahmat hosting, moved to `status`. */
export async function airedDialogue(
  t: TestApp,
  s: Basics,
  status: 'aired' | 'published' = 'published',
  extra: Record<string, unknown> = {},
): Promise<any> {
  // A new hour for every dialogue: the same people cannot be booked twice at once.
  const start = new Date(Date.UTC(2021, 8, 8, 2) + hour++ * 3_600_000);
  const local = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
  const d = await t.create('/api/dialogues', {
    ...booking(s.station.id, local(start), local(new Date(start.getTime() + 3_600_000))),
    title: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
    programId: s.program.id,
    participants: [
      { speakerId: s.suliwati.id, role: 'speaker' },
      { speakerId: s.elyanie.id, role: 'speaker' },
      { speakerId: s.host.id, role: 'host' },
    ],
    topics: ['kim'],
    ...extra,
  });
  for (const next of status === 'published' ? ['aired', 'published'] : ['aired']) {
    const res = await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: next } });
    if (res.status !== 200) throw new Error(`PATCH ${d.id} → ${res.status} ${res.text}`);
  }
  return d;
}

export function upload(t: TestApp, dialogueId: string, body: string | Uint8Array, contentType: string | null, token = t.coordinator) {
  return t.call('PUT', `/api/dialogues/${dialogueId}/transcript`, {
    token,
    rawBody: body as BodyInit,
    headers: contentType === null ? {} : { 'content-type': contentType },
  });
}

export const MEDIA_TYPES = {
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  txt: 'text/plain',
} as const;

/** One dialogue, four files. Labels differ in case and accents from the people's names. */
export const FILES = {
  vtt: [
    'WEBVTT',
    '',
    'pembukaan',
    '00:00.000 --> 00:04.500',
    '<v Rahmat>Selamat pagi, pendengar RRI Palangka Raya.',
    '',
    '00:04.500 --> 00:21.333',
    '<v SULIWATI>Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa.',
    '',
    '12:34.100 --> 12:41.500',
    '<v Élyanie>Upaya penyebarluasan informasi juga berarti melawan hoaks.',
    '',
    '01:00:00.000 --> 01:00:02.000',
    '<v Penelepon>Terima kasih, salam dari Kapuas.',
    '',
  ].join('\n'),
  srt: [
    '1',
    '00:00:00,000 --> 00:00:04,500',
    'Rahmat: Selamat pagi, pendengar RRI Palangka Raya.',
    '',
    '2',
    '00:00:04,500 --> 00:00:21,333',
    'SULIWATI: Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa.',
    '',
    '3',
    '00:12:34,100 --> 00:12:41,500',
    'Élyanie: Upaya penyebarluasan informasi juga berarti melawan hoaks.',
    '',
    '4',
    '01:00:00,000 --> 01:00:02,000',
    'Penelepon: Terima kasih, salam dari Kapuas.',
    '',
  ].join('\n'),
  json: JSON.stringify({
    version: '1.0.0',
    segments: [
      { speaker: 'Rahmat', startTime: 0, endTime: 4.5, body: 'Selamat pagi, pendengar RRI Palangka Raya.' },
      { speaker: 'SULIWATI', startTime: 4.5, endTime: 21.333, body: 'Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa.' },
      { speaker: 'Élyanie', startTime: 754.1, endTime: 761.5, body: 'Upaya penyebarluasan informasi juga berarti melawan hoaks.' },
      { speaker: 'Penelepon', startTime: 3600, endTime: 3602, body: 'Terima kasih, salam dari Kapuas.' },
    ],
  }),
  txt: [
    'Rahmat: Selamat pagi, pendengar RRI Palangka Raya.',
    '',
    'SULIWATI: Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa.',
    '',
    'Élyanie: Upaya penyebarluasan informasi juga berarti melawan hoaks.',
    '',
    'Penelepon: Terima kasih, salam dari Kapuas.',
    '',
  ].join('\n'),
} as const;

/** The segments every file above holds, as the API answers them for the basics' people. */
export function expectedSegments(s: Basics, timed: boolean) {
  const at = (start: number, end: number) => (timed ? { startMs: start, endMs: end } : { startMs: null, endMs: null });
  return [
    { ...at(0, 4_500), speaker: { id: s.host.id, name: 'Rahmat' }, text: 'Selamat pagi, pendengar RRI Palangka Raya.' },
    { ...at(4_500, 21_333), speaker: { id: s.suliwati.id, name: 'Suliwati' }, text: 'Kelompok Informasi Masyarakat menyebarluaskan informasi ke desa-desa.' },
    { ...at(754_100, 761_500), speaker: { id: s.elyanie.id, name: 'Elyanie' }, text: 'Upaya penyebarluasan informasi juga berarti melawan hoaks.' },
    { ...at(3_600_000, 3_602_000), speaker: { id: null, name: 'Penelepon' }, text: 'Terima kasih, salam dari Kapuas.' },
  ];
}

/** Every row of every transcript and search table, to show that a failed request wrote nothing. */
export async function transcriptTables(t: TestApp): Promise<string> {
  const dump: Record<string, unknown> = {};
  for (const table of ['transcript_versions', 'transcript_segments', 'transcript_corrections', 'search_docs', 'search_dialogues', 'search_stats']) {
    dump[table] = (await sql.raw(`select * from ${table} order by 1, 2`).execute(t.db)).rows;
  }
  return JSON.stringify(dump);
}
