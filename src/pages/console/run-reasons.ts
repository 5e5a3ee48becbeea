// Why a job run ended as it did, in the reader's language. job_runs keeps the reason in English,
// as the jobs write it and GET /api/jobs gives it (operators and their scripts read those); the
// console's dialogue page reads it in Indonesian by default. Each phrase the jobs write is
// matched here, with the instants and ranges inside it written as a person reads them; what no
// phrase matches (ffmpeg's or the engine's own words) is shown as it is.
import { DateTime } from 'luxon';
import type { Formatters } from '../i18n.ts';

type Phrase = { en: RegExp; id: (groups: string[], at: (iso: string) => string, range: (text: string) => string) => string };

const PHRASES: Phrase[] = [
  // src/jobs/capture.job.ts
  { en: /the dialogue no longer exists/, id: () => 'dialognya sudah tidak ada' },
  { en: /the dialogue is cancelled/, id: () => 'dialognya dibatalkan' },
  { en: /the dialogue has uploaded audio; upload again to replace it/, id: () => 'dialog ini memakai audio unggahan; unggah lagi untuk menggantinya' },
  { en: /the dialogue is a draft, not on air/, id: () => 'dialog ini masih draf, tidak mengudara' },
  { en: /not yet over: its span ends at (\S+)/, id: ([end], at) => `belum usai: rentangnya berakhir ${at(end!)}` },
  { en: /already attached \(partly covered\)/, id: () => 'audio sudah terpasang (sebagian tertutup rekaman)' },
  { en: /already attached/, id: () => 'audio sudah terpasang' },
  { en: /no recording covers (.+? \([^)]+\))/, id: ([ranges], _, range) => `tidak ada rekaman untuk ${range(ranges!)}` },
  { en: /waiting for recordings: missing (.+? \([^)]+\)); waiting until complete recordings arrive \(partial captures are off\)/, id: ([ranges], _, range) => `menunggu rekaman: belum ada ${range(ranges!)}; menunggu sampai rekamannya lengkap (perekaman sebagian dimatikan)` },
  { en: /waiting for recordings: missing (.+? \([^)]+\)); waiting until (\S+), then attaching what there is/, id: ([ranges, until], at, range) => `menunggu rekaman: belum ada ${range(ranges!)}; menunggu sampai ${at(until!)}, lalu memasang yang ada` },
  { en: /the dialogue changed during the capture; it will be captured again/, id: () => 'dialog berubah selama perekaman; akan direkam lagi' },
  { en: /interrupted: its lease ran out during the render, and another worker took the capture over/, id: () => 'terputus: masa pegangnya habis selama render, dan worker lain mengambil alih' },
  // src/jobs/runs.repository.ts, src/jobs/jobs.ts, src/audio/space.ts
  { en: /interrupted: the process stopped before the run ended/, id: () => 'terputus: prosesnya berhenti sebelum pekerjaannya selesai' },
  { en: /interrupted: the server was stopping/, id: () => 'terputus: server sedang berhenti' },
  { en: /; taken up again at start-up/, id: () => '; diulang saat server mulai' },
  { en: /; taken up again as run (\d+)/, id: ([run]) => `; diulang sebagai pekerjaan #${run}` },
  { en: /; not taken up again: its dialogue is gone/, id: () => '; tidak diulang: dialognya sudah tidak ada' },
  { en: /no space: /, id: () => 'ruang disk kurang: ' },
  { en: /only (\d+) MB free in the media folder, below SIARAN_MIN_FREE_MB \((\d+) MB\)/, id: ([free, min]) => `hanya ${free} MB tersisa di folder media, di bawah SIARAN_MIN_FREE_MB (${min} MB)` },
  { en: /the disk filled up during the capture/, id: () => 'disk penuh selama perekaman' },
  { en: / \(gave up after (\d+) attempts; capture it again by hand\)/, id: ([n]) => ` (berhenti mencoba setelah ${n} kali; rekam lagi secara manual)` },
  // src/transcription/
  { en: /the dialogue has no audio yet/, id: () => 'dialog ini belum punya audio' },
  { en: /no speech found in the audio \(only silence or steady sound\); no draft written/, id: () => 'tidak ada ucapan dalam audio (hanya hening atau bunyi tetap); tidak ada draf yang ditulis' },
  { en: /the engine heard no speech that passed the guards; no draft written/, id: () => 'mesin tidak mendengar ucapan yang lolos pemeriksaan; tidak ada draf yang ditulis' },
  { en: / \(gave up after (\d+) attempts; ask for a transcription again\)/, id: ([n]) => ` (berhenti mencoba setelah ${n} kali; minta transkripsi lagi)` },
];

/** "2021-09-08 09:00:00–09:30:00, 2021-09-08 10:00:00–10:05:00 (Asia/Jakarta)", as capture.job.ts writes ranges. */
const RANGES = /^(.*) \(([^)]+)\)$/;
const RANGE = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)–(\d\d:\d\d:\d\d)/g;

export function runReason(reason: string, lang: 'id' | 'en', f: Formatters, zone: string): string {
  if (lang === 'en') return reason;
  const at = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : f.instant(iso, zone));
  const range = (text: string) => {
    const [, list, rangeZone] = RANGES.exec(text) ?? [];
    if (!list || !rangeZone) return text;
    return list.replace(RANGE, (all, day: string, from: string, to: string) => {
      const start = localIso(day, from, rangeZone);
      const end = localIso(day, to, rangeZone);
      return start && end ? f.span(start, end, rangeZone) : all;
    });
  };
  let text = reason;
  for (const phrase of PHRASES) text = text.replace(phrase.en, (...match) => phrase.id(match.slice(1, -2) as string[], at, range));
  return text;
}

/** The instant of a wall-clock date and time in a zone. */
function localIso(day: string, time: string, zone: string): string | null {
  const local = DateTime.fromFormat(`${day} ${time}`, 'yyyy-MM-dd HH:mm:ss', { zone });
  return local.isValid ? local.toUTC().toISO() : null;
}
