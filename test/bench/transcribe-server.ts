// The server the transcription benchmark measures: a real app on a fresh database with one
// station's busy week (dialogues with imported transcripts to search) and one dialogue with a
// long generated recording, whose transcription by the real engine (the generated model)
// starts when the parent says so. Reports its port and URLs over IPC.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { createUser, login } from '../../src/auth/auth.service.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Jobs } from '../../src/jobs/jobs.ts';
import { engineSetup } from '../../src/transcription/transcription.service.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { talkLike } from '../helpers/speech-audio.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

const DIALOGUES = 120;
const AUDIO_SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 600);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-bench-asr-'));
const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0' });
const db = openDatabase(config.databasePath);
await migrate(db);
await createUser(db, { email: 'coord@bench.id', name: 'K', password: 'bench-password', role: 'coordinator' });
const token = (await login(db, config, 'coord@bench.id', 'bench-password')).token;
// Seeding runs without a model, so attaching the long recording queues nothing yet.
const seeding = new Jobs(db, config);
const seedApp = createApp({ db, config, jobs: seeding });
const call = async (method: string, url: string, body?: unknown, type = 'application/json') => {
  const raw = body === undefined ? undefined : typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  const res = await seedApp.request(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: raw as BodyInit | undefined });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};
const station = await call('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' });
const words = ['informasi', 'masyarakat', 'kelompok', 'desa', 'penyebarluasan', 'diseminasi', 'pemerintah', 'kabupaten', 'pelatihan', 'hoaks'];
let long = '';
for (let i = 0; i < DIALOGUES; i++) {
  const start = new Date(Date.UTC(2021, 8, 6, 1) + Math.floor(i / 20) * 86_400_000 + (i % 20) * 1_800_000);
  const iso = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
  const d = await call('POST', '/api/dialogues', { title: `Dialog ${i} ${words[i % 10]}`, stationId: station.id, startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 1_500_000)) });
  for (const status of ['aired', 'published']) await call('PATCH', `/api/dialogues/${d.id}`, { status });
  const cues = Array.from({ length: 40 }, (_, n) => `00:${String(Math.floor(n / 2)).padStart(2, '0')}:${n % 2 ? '30' : '00'}.000 --> 00:${String(Math.floor(n / 2)).padStart(2, '0')}:${n % 2 ? '59' : '29'}.000\n${words[n % 10]} ${words[(n * 3 + i) % 10]} untuk ${words[(n + i) % 10]} di daerah`);
  await call('PUT', `/api/dialogues/${d.id}/transcript`, `WEBVTT\n\n${cues.join('\n\n')}\n`, 'text/vtt');
  if (i === 0) long = d.id;
}
const wav = path.join(dir, 'long.wav');
await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=${AUDIO_SECONDS}`, '-c:a', 'pcm_s16le', wav]);
await call('PUT', `/api/dialogues/${long}/audio`, new Uint8Array(fs.readFileSync(wav)), 'audio/wav');
await seeding.idle();

const jobs = new Jobs(db, config, engineSetup({ model: tinyWhisperModel(), vadModel: null, threads: 2 }));
const app = createApp({ db, config, jobs });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send!({ port: info.port, weekUrl: `/api/dialogues?station=${station.id}&from=2021-09-06T00:00&to=2021-09-13T00:00&limit=200`, searchUrl: '/api/search?q=penyebarluasan%20informasi' });
});
process.on('message', async (m) => {
  if (m === 'transcribe') {
    await jobs.transcription.request(long, 'manual');
    process.send!('queued');
  }
  if (m === 'progress') {
    const run = await db.selectFrom('job_runs').select(['outcome', 'progress']).where('job', '=', 'transcribe').orderBy('id', 'desc').executeTakeFirst();
    process.send!({ progress: run ?? null });
  }
});
process.on('disconnect', async () => {
  server.close();
  await jobs.stop();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
