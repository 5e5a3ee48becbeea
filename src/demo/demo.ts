// Demo data for a first start: the real RRI Palangka Raya dialogue of 8 September 2021
// (facts from PRODUCT.md) plus invented stations, people and dialogues so the archive
// looks alive. Everything goes through the services, so the demo obeys the same rules.
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor.ts';
import type { MessageSettings } from '../messages/messages.service.ts';
import type { Db } from '../db/connection.ts';
import { createDialogue, createSeries, updateDialogue } from '../dialogues/dialogues.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSpeaker } from '../speakers/speakers.service.ts';
import { createStation } from '../stations/stations.service.ts';
import { importTranscript } from '../transcripts/transcripts.service.ts';
import { KIM_TRANSCRIPT_VTT } from './kim-transcript.ts';

const topics: [string, string][] = [
  ['kim', 'KIM (Kelompok Informasi Masyarakat)'],
  ['diseminasi-informasi', 'Diseminasi informasi'],
  ['hoaks', 'Hoaks'],
  ['covid-19', 'Covid-19'],
  ['literasi-digital', 'Literasi digital'],
  ['pelayanan-publik', 'Pelayanan publik'],
  ['kesehatan', 'Kesehatan'],
  ['pendidikan', 'Pendidikan'],
  ['lingkungan', 'Lingkungan hidup'],
];

/** Loads the demo once: returns false when the database already has stations. */
export async function loadDemoData(db: Db, settings: MessageSettings): Promise<boolean> {
  if (await db.selectFrom('stations').select('id').executeTakeFirst()) return false;
  const admin = await db.selectFrom('users').selectAll().where('role', '=', 'admin').orderBy('created_at').executeTakeFirstOrThrow();
  const actor: Actor = { kind: 'user', id: admin.id, role: admin.role, name: admin.name, email: admin.email };

  for (const [slug, name] of topics) {
    await db.insertInto('topics').values({ id: `topic-${slug}`, slug, name, created_at: new Date().toISOString() }).execute();
  }

  const palangka = await createStation(db, { name: 'RRI Palangka Raya', slug: 'rri-palangka-raya', timezone: 'Asia/Jakarta', recorderId: 'rri-palangkaraya' });
  const makassar = await createStation(db, { name: 'RRI Makassar', slug: 'rri-makassar', timezone: 'Asia/Makassar' });
  const jayapura = await createStation(db, { name: 'RRI Jayapura', slug: 'rri-jayapura', timezone: 'Asia/Jayapura' });
  const pontianak = await createStation(db, { name: 'RRI Pontianak', slug: 'rri-pontianak', timezone: 'Asia/Pontianak' });

  const dialogKominfo = await createProgram(db, {
    stationId: palangka.id,
    title: 'Dialog Interaktif DiskominfoSantik',
    slug: 'dialog-diskominfosantik',
    organiser: 'DiskominfoSantik Prov. Kalteng',
    description: 'Dialog interaktif Dinas Komunikasi, Informatika, Persandian dan Statistik Provinsi Kalimantan Tengah di RRI Palangka Raya.',
  });
  const bincang = await createProgram(db, { stationId: makassar.id, title: 'Bincang Publik', slug: 'bincang-publik', organiser: 'Diskominfo Prov. Sulsel (demo)' });
  const suaraPapua = await createProgram(db, { stationId: jayapura.id, title: 'Suara Papua Sehat', slug: 'suara-papua-sehat', organiser: 'Dinas Kesehatan (demo)' });
  const literasi = await createProgram(db, { stationId: pontianak.id, title: 'Ruang Literasi', slug: 'ruang-literasi', organiser: 'Diskominfo Prov. Kalbar (demo)' });

  const suliwati = await createSpeaker(db, { name: 'Suliwati', position: 'Kepala Seksi Layanan Komunikasi Publik', organisation: 'DiskominfoSantik Prov. Kalteng' });
  const elyanie = await createSpeaker(db, { name: 'Elyanie', position: 'Kepala Seksi Kemitraan Komunikasi Publik', organisation: 'DiskominfoSantik Prov. Kalteng' });
  // The people below are invented for the demo.
  const person = (name: string, position: string, organisation: string) =>
    createSpeaker(db, { name, position, organisation, email: `${name.split(' ')[0]?.toLowerCase()}@contoh.id` });
  const rahmat = await person('Rahmat Hidayat', 'Penyiar', 'RRI Palangka Raya');
  const andi = await person('Andi Pratiwi', 'Kepala Bidang Informasi Publik', 'Diskominfo Prov. Sulsel');
  const yohanes = await person('Yohanes Wenda', 'Dokter Puskesmas', 'Dinas Kesehatan Kota Jayapura');
  const siti = await person('Siti Nurhaliza Putri', 'Pegiat Literasi Digital', 'Relawan TIK Kalbar');
  const dewi = await person('Dewi Lestari Anggraini', 'Penyiar', 'RRI Makassar');
  const markus = await person('Markus Kogoya', 'Penyiar', 'RRI Jayapura');

  const publish = async (id: string) => {
    await updateDialogue(db, actor, id, { status: 'aired' }, 'this', settings);
    await updateDialogue(db, actor, id, { status: 'published' }, 'this', settings);
  };

  const kim = await createDialogue(db, actor, {
    title: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
    description:
      'Dialog DiskominfoSantik Prov. Kalteng di RRI Palangka Raya tentang peran Kelompok Informasi Masyarakat (KIM) dalam menyebarluaskan informasi dan melawan hoaks di masa pandemi covid-19. (Jam siaran aslinya tidak dipublikasikan; demo ini memakai 09.00–10.00 WIB.)',
    stationId: palangka.id,
    programId: dialogKominfo.id,
    startsAt: '2021-09-08T09:00',
    endsAt: '2021-09-08T10:00',
    status: 'scheduled',
    participants: [
      { speakerId: suliwati.id, role: 'speaker' },
      { speakerId: elyanie.id, role: 'speaker' },
    ],
    topics: ['kim', 'diseminasi-informasi', 'hoaks', 'covid-19'],
  }, settings);
  await publish(kim.id);
  // Invented words (see kim-transcript.ts), imported as a coordinator would upload them.
  await importTranscript(db, actor, kim.id, new TextEncoder().encode(KIM_TRANSCRIPT_VTT), 'text/vtt');

  const past: [typeof palangka, string | null, string, string, string[], [string, 'speaker' | 'host'][]][] = [
    [makassar, bincang.id, 'Pelayanan Publik yang Cepat dan Terbuka', '2021-10-13T10:00', ['pelayanan-publik'], [[andi.id, 'speaker'], [dewi.id, 'host']]],
    [jayapura, suaraPapua.id, 'Vaksinasi Covid-19 untuk Keluarga', '2021-11-03T09:00', ['covid-19', 'kesehatan'], [[yohanes.id, 'speaker'], [markus.id, 'host']]],
    [pontianak, literasi.id, 'Cerdas Bermedia Sosial, Tangkal Hoaks', '2021-11-17T13:00', ['hoaks', 'literasi-digital'], [[siti.id, 'speaker']]],
    [palangka, dialogKominfo.id, 'Membina KIM di Desa', '2021-12-01T09:00', ['kim', 'pendidikan'], [[elyanie.id, 'speaker'], [rahmat.id, 'host']]],
  ];
  for (const [station, programId, title, startsAt, topicSlugs, people] of past) {
    const start = DateTime.fromISO(startsAt);
    const d = await createDialogue(db, actor, {
      title,
      description: null,
      stationId: station.id,
      programId,
      startsAt,
      endsAt: start.plus({ hours: 1 }).toISO({ includeOffset: false, suppressMilliseconds: true, suppressSeconds: true }) as string,
      status: 'scheduled',
      participants: people.map(([speakerId, role]) => ({ speakerId, role })),
      topics: topicSlugs,
    }, settings);
    await publish(d.id);
  }

  // Upcoming: a weekly slot in Palangka Raya from next Wednesday, and a one-off in Makassar.
  const nextWednesday = DateTime.now().setZone(palangka.timezone).startOf('week').plus({ weeks: 1, days: 2 }).set({ hour: 9 });
  await createSeries(db, actor, {
    title: 'Dialog Interaktif: Informasi Publik untuk Semua',
    description: null,
    stationId: palangka.id,
    programId: dialogKominfo.id,
    startsAt: nextWednesday.toFormat("yyyy-MM-dd'T'HH:mm"),
    endsAt: nextWednesday.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    status: 'scheduled',
    rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=6',
    participants: [
      { speakerId: suliwati.id, role: 'speaker' },
      { speakerId: rahmat.id, role: 'host' },
    ],
    topics: ['diseminasi-informasi'],
  }, settings);
  const nextFriday = DateTime.now().setZone(makassar.timezone).startOf('week').plus({ weeks: 1, days: 4 }).set({ hour: 14 });
  await createDialogue(db, actor, {
    title: 'Menjaga Lingkungan Pesisir Makassar',
    description: null,
    stationId: makassar.id,
    programId: bincang.id,
    startsAt: nextFriday.toFormat("yyyy-MM-dd'T'HH:mm"),
    endsAt: nextFriday.plus({ minutes: 45 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    status: 'scheduled',
    participants: [
      { speakerId: andi.id, role: 'speaker' },
      { speakerId: dewi.id, role: 'moderator' },
    ],
    topics: ['lingkungan'],
  }, settings);
  // The demo's people are invented: their invitations stay in the outbox, never sent.
  await db.updateTable('messages').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  return true;
}
