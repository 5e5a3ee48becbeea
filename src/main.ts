// Start: config → ffmpeg → the speech recogniser's files (a bad one turns transcription off,
// nothing more) → database → migrations → crash recovery → first account and demo data (one
// process at a time across the database: db/locks.ts) →
// interrupted runs queued again → app → listen → scheduler and interrupted transcriptions
// taken up again, with the search index rebuilt if its analysis changed, then its pages read
// once, in the background. With SIARAN_JOBS=0 the instance is web-only: no recovery, no
// schedule, and what it is asked to capture waits in the shared queue for the workers
// (`npm run worker`, src/worker.ts).
// SIGTERM/SIGINT stop the warm-up and the scheduler (a render or a transcription in progress is
// stopped and recorded as interrupted), stop taking requests, let running ones finish, then close the
// database.
import { createApp } from './app.ts';
import { checkAsrSettings } from './asr/index.ts';
import { resolveFfmpeg } from './audio/ffmpeg.ts';
import { Jobs } from './jobs/jobs.ts';
import { recover, startWorking, waitingForStartUp } from './jobs/start.ts';
import { ensureFirstAdmin } from './auth/auth.service.ts';
import { loadConfig } from './config.ts';
import { startServer } from './http/server.ts';
import { connectDatabase, describeDatabase } from './db/connection.ts';
import { PROCESS_LOCKS, inTurn } from './db/locks.ts';
import { migrate } from './db/migrate.ts';
import { loadDemoData } from './demo/demo.ts';
import { prewarmSearch } from './search/prewarm.ts';
import { engineSetup } from './transcription/transcription.service.ts';
import { reindexIfWanted } from './search/reindex.ts';
import { exitOnStartFailure } from './start-failure.ts';

async function main() {
  const config = loadConfig();
  const ffmpeg = await resolveFfmpeg();
  console.log(`ffmpeg ${ffmpeg.version} (${ffmpeg.source === 'npm' ? 'build bawaan paket npm' : ffmpeg.source === 'env' ? 'FFMPEG_PATH' : 'sistem'}: ${ffmpeg.ffmpegPath})`);
  const asr = checkAsrSettings(config.asr);
  console.log(asr.ok ? `Transkripsi otomatis: model Whisper ${asr.model}${asr.vadModel ? `, VAD ${asr.vadModel}` : ''}, ${asr.threads} thread, prioritas rendah.` : asr.message);
  const db = connectDatabase(config);
  const jobs = new Jobs(db, config, asr.ok ? engineSetup(asr) : null);
  // Processes started at the same moment on one database take turns here, so that the
  // migrations run once, one first account is made and the demo is loaded once.
  const admin = await inTurn(
    db,
    PROCESS_LOCKS.startUp,
    async () => {
      await migrate(db);
      if (jobs.works) await recover(db, config, jobs);
      const made = await ensureFirstAdmin(db, config);
      if (config.demo && (await loadDemoData(db, config))) console.log('Arsip demo dimuat (SIARAN_DEMO=0 mematikannya).');
      return made;
    },
    waitingForStartUp,
  );

  const app = createApp({ db, config, jobs });
  const server = startServer(app.fetch, { port: config.port, hostname: config.host, bodyLimitBytes: config.bodyLimitBytes }, (info) => {
    // One write: whoever waits for "siap melayani di" finds the account beside it, not a moment later.
    const lines = [`Siaran siap melayani di ${config.publicUrl} (port ${info.port}); basis data ${describeDatabase(config)}`];
    if (admin) {
      lines.push(`Akun koordinator pertama: ${admin.email} / ${admin.password}`);
      if (admin.generated) lines.push('(kata sandi dibuat otomatis: atur SIARAN_ADMIN_PASSWORD untuk memilihnya sendiri, dan gantilah setelah masuk)');
    }
    console.log(lines.join('\n'));
  });
  const scheduler = jobs.works ? await startWorking(db, config, jobs) : null;
  // Said here, not in startWorking: a worker runs jobs whatever SIARAN_JOBS says.
  if (scheduler) console.log('Instans ini juga mengerjakan tugas (SIARAN_JOBS=0 membuatnya hanya melayani web).');
  else console.log('Tugas: tidak ada di instans ini (SIARAN_JOBS=0); perekaman dan transkripsi yang diminta menunggu di antrean sampai diambil worker (npm run worker).');
  // The port taken by another program (or a second Siaran) is the usual start-up mistake:
  // say which setting to change instead of printing a stack.
  server.on('error', async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const why = error.code === 'EADDRINUSE' ? 'sudah dipakai (oleh program lain, atau Siaran sudah berjalan)' : 'tidak boleh dipakai oleh pengguna ini';
      console.error(`Siaran tidak dapat mulai: port ${config.port} di ${config.host} ${why}. Atur PORT (dan HOST) ke alamat lain, mis. PORT=3001 npm start.`);
    } else {
      console.error('Siaran tidak dapat mulai:', error.message);
    }
    await jobs.stop();
    await db.destroy();
    process.exit(1);
  });
  const warming = new AbortController();
  // A changed analysis rebuilds the index beside the old one first (search/reindex.ts);
  // the warm-up then reads the index searches will use.
  reindexIfWanted(db, { signal: warming.signal, log: (line) => console.log(line) })
    .catch((error) => console.error('Pembangunan ulang indeks pencarian gagal (pencarian memakai indeks lama):', error instanceof Error ? error.message : error))
    .then(() => prewarmSearch(db, warming.signal))
    .then(
    (warm) => {
      if (warm.complete) console.log(`Pencarian: ${warm.rows} baris tabelnya sudah dibaca dalam ${(warm.ms / 1000).toFixed(1)} s, sehingga pencarian pertama berjalan dengan kecepatan penuh.`);
    },
    (error) => console.error('Pemanasan pencarian gagal (pencarian tetap berjalan, hanya lebih lambat pada awalnya):', error instanceof Error ? error.message : error),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: berhenti`);
    warming.abort();
    const jobsStopped = scheduler ? scheduler.stop() : jobs.stop();
    server.close(async () => {
      await jobsStopped;
      await db.destroy();
      process.exit(0);
    });
    // Keep-alive connections would hold close() open forever.
    setTimeout(() => process.exit(0), 10_000).unref();
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch(exitOnStartFailure('Siaran'));
