// The search benchmark's archive: dialogues on stations and programmes with people and
// topics, each with one transcript version of timed segments in Indonesian-like text.
//
// Words follow Zipf's law (rank r has weight 1/r) over a vocabulary of function words
// first ("yang" lands in most segments), then real roots with real affixes (meN-, peN-,
// di-, ber-, ter-, ke-…-an, -kan, -i, -nya, built with the nasal assimilation rules, so
// that "pem*" and the stemmer meet real forms), mixed with invented words for the long
// tail that makes rare words rare (200,000 words: at a million segments the last ranks
// occur a few times each, as names and places do in a real archive). A seeded generator
// makes every run the same archive.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../src/db/connection.ts';
import type { DialogueParticipantTable, DialogueTable, DialogueTopicTable, TranscriptSegmentTable, TranscriptVersionTable } from '../../src/db/schema.ts';

const FUNCTION_WORDS = [
  'yang', 'dan', 'di', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'dari', 'dalam', 'akan', 'pada', 'juga', 'kita', 'ada',
  'ke', 'kami', 'bisa', 'sudah', 'atau', 'oleh', 'karena', 'saya', 'lebih', 'sangat', 'harus', 'seperti', 'bahwa',
  'mereka', 'masih', 'tentang', 'kepada', 'bagi', 'agar', 'para', 'setiap', 'hanya', 'belum', 'sebagai', 'jadi',
];

const ROOTS = [
  'sebar', 'bina', 'bangun', 'kerja', 'layan', 'didik', 'bantu', 'kembang', 'periksa', 'laksana', 'lindung', 'kelola',
  'dukung', 'ajar', 'tulis', 'baca', 'dengar', 'bicara', 'jelas', 'sampai', 'tanya', 'jawab', 'atur', 'ubah', 'guna',
  'capai', 'hasil', 'pakai', 'tingkat', 'kuat', 'bentuk', 'dapat', 'beri', 'terima', 'pilih', 'ikut', 'jaga', 'lawan',
  'cegah', 'rencana', 'pimpin', 'kenal', 'lapor', 'catat', 'tempat', 'pindah', 'rawat', 'sedia', 'siap', 'cari', 'temu',
  'buat', 'jalan', 'putus', 'tentu', 'rasa', 'daya', 'padu', 'sadar', 'gerak', 'bersih', 'tanam', 'sehat', 'masak',
  'hitung', 'ukur', 'kirim', 'simpan', 'tolong', 'tunggu', 'ingat', 'nilai', 'banding', 'ganti', 'tutup', 'buka',
  'saring', 'sambut', 'satu', 'luas', 'dalam', 'tinggi', 'wujud', 'datang', 'pulih', 'awas', 'usaha', 'program',
];

const NOUNS = [
  'informasi', 'masyarakat', 'pemerintah', 'desa', 'daerah', 'program', 'kegiatan', 'warga', 'media', 'berita',
  'kelompok', 'provinsi', 'kabupaten', 'kota', 'sekolah', 'anak', 'keluarga', 'kesehatan', 'pendidikan', 'ekonomi',
  'radio', 'siaran', 'pendengar', 'narasumber', 'dinas', 'kominfo', 'covid', 'vaksin', 'hoaks', 'internet', 'data',
  'pelayanan', 'publik', 'petani', 'nelayan', 'pasar', 'harga', 'jalan', 'air', 'listrik', 'sungai', 'hutan', 'kim',
];

const SYLLABLES = ['ba', 'ka', 'ma', 'pa', 'ta', 'sa', 'la', 'ra', 'na', 'da', 'ga', 'ja', 'wa', 'ya', 'ha', 'be', 'ke', 'le', 're', 'te', 'bi', 'ki', 'mi', 'pi', 'ti', 'si', 'li', 'ri', 'ni', 'di', 'bu', 'ku', 'mu', 'pu', 'tu', 'su', 'lu', 'ru', 'nu', 'du', 'gu', 'ju', 'wu', 'ngo', 'nya', 'sar', 'tan', 'lam', 'rin', 'kun'];

/** meN- and peN- before a root: the nasal takes the place of the first sound where the language says so. */
function nasal(prefix: 'me' | 'pe', root: string): string {
  const first = root[0] as string;
  if ('aeiough'.includes(first)) return `${prefix}ng${root}`;
  if ('bfv'.includes(first)) return `${prefix}m${root}`;
  if (first === 'p') return `${prefix}m${root.slice(1)}`;
  if ('dcjz'.includes(first)) return `${prefix}n${root}`;
  if (first === 't') return `${prefix}n${root.slice(1)}`;
  if (first === 's') return `${prefix}ny${root.slice(1)}`;
  if (first === 'k') return `${prefix}ng${root.slice(1)}`;
  return `${prefix}${root}`;
}

function forms(root: string): string[] {
  return [
    root,
    nasal('me', root),
    `${nasal('me', root)}kan`,
    `${nasal('me', root)}i`,
    `di${root}`,
    `di${root}kan`,
    `${nasal('pe', root)}an`,
    nasal('pe', root),
    `ber${root}`,
    `ter${root}`,
    `ke${root}an`,
    `${root}an`,
    `${root}nya`,
    `${nasal('pe', root)}annya`,
  ];
}

/** A seeded generator (mulberry32): the same archive on every run. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function vocabulary(random: () => number, size = 200_000): string[] {
  const words = new Set<string>([...FUNCTION_WORDS, ...NOUNS]);
  const affixed = ROOTS.flatMap(forms).sort(() => random() - 0.5);
  const invented = () => {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    return word;
  };
  // Real affixed words and invented words alternate down the ranks, so both are common and rare.
  for (const word of affixed) {
    words.add(word);
    words.add(invented());
  }
  while (words.size < size) words.add(invented());
  return [...words];
}

export function zipfSampler(words: string[], random: () => number) {
  const cdf = new Float64Array(words.length);
  let total = 0;
  for (let i = 0; i < words.length; i++) total += 1 / (i + 1);
  let acc = 0;
  for (let i = 0; i < words.length; i++) {
    acc += 1 / (i + 1) / total;
    cdf[i] = acc;
  }
  return () => {
    const r = random();
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
}

const FIRST_NAMES = ['Ahmad', 'Siti', 'Budi', 'Dewi', 'Rahmat', 'Sri', 'Agus', 'Nur', 'Eko', 'Rina', 'Yohanes', 'Maria', 'Andi', 'Wayan', 'Made', 'Ketut', 'Putu', 'Hendra', 'Fitri', 'Joko', 'Lestari', 'Bambang', 'Wulan', 'Dian', 'Fajar', 'Indah', 'Rudi', 'Yuni', 'Hasan', 'Ratna', 'Markus', 'Elyanie', 'Suliwati', 'Taufik', 'Ayu', 'Irfan', 'Novi', 'Arif', 'Sari', 'Tono', 'Mega', 'Dedi', 'Rini', 'Yusuf', 'Lina', 'Kadek', 'Ningsih', 'Samuel', 'Agnes', 'Bayu'];
const LAST_NAMES = ['Hidayat', 'Lestari', 'Santoso', 'Wijaya', 'Putri', 'Saputra', 'Kurniawan', 'Pratama', 'Sari', 'Nugroho', 'Siregar', 'Nasution', 'Harahap', 'Simanjuntak', 'Wenda', 'Kogoya', 'Rumbiak', 'Manurung', 'Tanjung', 'Lubis', 'Gunawan', 'Setiawan', 'Susanto', 'Handayani', 'Rahayu', 'Hakim', 'Anggraini', 'Purnomo', 'Utami', 'Halim', 'Sinaga', 'Pardede', 'Mahendra', 'Permana', 'Syahputra', 'Ramadhan', 'Fauzi', 'Kusuma', 'Wibowo', 'Firmansyah', 'Sitompul', 'Tambunan', 'Daulay', 'Batubara', 'Pohan', 'Rangkuti', 'Ginting', 'Tarigan', 'Sembiring', 'Damanik'];

export interface BenchArchive {
  stations: string[];
  programs: string[];
  speakers: string[];
  topics: { id: string; slug: string }[];
  dialogues: string[];
  generateMs: number;
}

/**
 * Fills an empty, migrated database: `segments / 10` dialogues of ten segments. 90 % are
 * published, the rest aired and waiting, so the public's visibility filter has work to do.
 */
export async function generateArchive(db: Db, segments: number, onProgress?: (done: number, total: number) => void): Promise<BenchArchive> {
  const started = performance.now();
  const random = seeded(20_210_908);
  const words = vocabulary(random);
  const word = zipfSampler(words, random);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const now = new Date().toISOString();

  const stations = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), name: `RRI ${i}`, slug: `rri-${i}`, timezone: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'][i % 3] as string, recorder_id: null, created_at: now, updated_at: now }));
  const programs = Array.from({ length: 200 }, (_, i) => ({ id: randomUUID(), station_id: (stations[i % 50] as { id: string }).id, title: `Program ${i}`, slug: `program-${i}`, description: null, organiser: null, created_at: now, updated_at: now }));
  const speakers = Array.from({ length: 2000 }, (_, i) => ({
    id: randomUUID(), name: `${FIRST_NAMES[i % 50]} ${LAST_NAMES[Math.floor(i / 50) % 50]}`, position: null, organisation: null, email: null, phone: null, bio: null, created_at: now, updated_at: now,
  }));
  const nameOf = new Map<string, string>(speakers.map((s) => [s.id, s.name]));
  const topics = Array.from({ length: 30 }, (_, i) => ({ id: randomUUID(), name: `Topik ${i}`, slug: `topik-${i}`, created_at: now }));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('stations').values(stations).execute();
    for (let i = 0; i < programs.length; i += 100) await trx.insertInto('programs').values(programs.slice(i, i + 100)).execute();
    for (let i = 0; i < speakers.length; i += 100) await trx.insertInto('speakers').values(speakers.slice(i, i + 100)).execute();
    await trx.insertInto('topics').values(topics).execute();
  });

  const sentence = (length: number) => {
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(word());
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };

  const dialogueCount = Math.max(1, Math.round(segments / 10));
  const dialogueIds: string[] = [];
  // From 2015 on, one every ~50 minutes across the network: eleven years for 100,000.
  const firstStart = Date.UTC(2015, 0, 1, 2);
  const BATCH = 500;
  for (let from = 0; from < dialogueCount; from += BATCH) {
    const dialogues: Insertable<DialogueTable>[] = [];
    const participants: DialogueParticipantTable[] = [];
    const dialogueTopics: DialogueTopicTable[] = [];
    const versions: TranscriptVersionTable[] = [];
    const segmentRows: Insertable<TranscriptSegmentTable>[] = [];
    for (let n = from; n < Math.min(dialogueCount, from + BATCH); n++) {
      const id = randomUUID();
      dialogueIds.push(id);
      const program = programs[n % programs.length] as (typeof programs)[number];
      const startsAt = firstStart + n * 50 * 60_000;
      dialogues.push({
        id, title: `Dialog ${sentence(3 + Math.floor(random() * 4)).slice(0, -1)}`, description: null, station_id: program.station_id, program_id: program.id, series_id: null,
        starts_at: new Date(startsAt).toISOString(), ends_at: new Date(startsAt + 3_600_000).toISOString(), status: random() < 0.9 ? ('published' as const) : ('aired' as const), created_at: now, updated_at: now,
      });
      const people: string[] = [...new Set([pick(speakers).id, pick(speakers).id, pick(speakers).id])].slice(0, 2 + Math.floor(random() * 2));
      people.forEach((speakerId, i) => participants.push({ dialogue_id: id, speaker_id: speakerId, role: i === 0 ? ('host' as const) : ('speaker' as const), response: 'confirmed' as const, responded_at: now }));
      for (const topic of new Set([pick(topics).id, pick(topics).id])) dialogueTopics.push({ dialogue_id: id, topic_id: topic });
      const versionId = randomUUID();
      versions.push({ id: versionId, dialogue_id: id, version: 1, created_at: now, actor: 'bench', source: 'import' as const, source_format: 'vtt' as const, correction_id: null, model: null, language: 'id', segment_count: 10, reviewed_at: null, reviewed_by: null });
      for (let k = 0; k < 10; k++) {
        const speakerId = people[k % people.length] as string;
        segmentRows.push({
          version_id: versionId, dialogue_id: id, ordinal: k, start_ms: k * 360_000, end_ms: k * 360_000 + 30_000, cue_id: null,
          speaker_id: speakerId, speaker_label: nameOf.get(speakerId) as string, text: sentence(15 + Math.floor(random() * 11)),
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < dialogues.length; i += 100) await trx.insertInto('dialogues').values(dialogues.slice(i, i + 100)).execute();
      for (let i = 0; i < participants.length; i += 100) await trx.insertInto('dialogue_participants').values(participants.slice(i, i + 100)).execute();
      for (let i = 0; i < dialogueTopics.length; i += 100) await trx.insertInto('dialogue_topics').values(dialogueTopics.slice(i, i + 100)).execute();
      for (let i = 0; i < versions.length; i += 100) await trx.insertInto('transcript_versions').values(versions.slice(i, i + 100)).execute();
      for (let i = 0; i < segmentRows.length; i += 100) await trx.insertInto('transcript_segments').values(segmentRows.slice(i, i + 100)).execute();
    });
    onProgress?.(Math.min(dialogueCount, from + BATCH) * 10, dialogueCount * 10);
  }
  return {
    stations: stations.map((s) => s.id),
    programs: programs.map((p) => p.id),
    speakers: speakers.map((s) => s.id),
    topics: topics.map((t) => ({ id: t.id, slug: t.slug })),
    dialogues: dialogueIds,
    generateMs: performance.now() - started,
  };
}
