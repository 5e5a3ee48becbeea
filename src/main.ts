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
import { AudioError, resolveFfmpeg } from './audio/ffmpeg.ts';
import { Jobs } from './jobs/jobs.ts';
import { recover, startWorking, waitingForStartUp } from './jobs/start.ts';
import { ensureFirstAdmin } from './auth/auth.service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './http/server.ts';
import { connectDatabase, describeDatabase } from './db/connection.ts';
import { PROCESS_LOCKS, inTurn } from './db/locks.ts';
import { migrate } from './db/migrate.ts';
import { loadDemoData } from './demo/demo.ts';
import { prewarmSearch } from './search/prewarm.ts';
import { engineSetup } from './transcription/transcription.service.ts';
import { reindexIfWanted } from './search/reindex.ts';

async function main() {
  const config = loadConfig();
  const ffmpeg = await resolveFfmpeg();
  console.log(`ffmpeg ${ffmpeg.version} (${ffmpeg.source === 'npm' ? 'the build shipped in npm packages' : ffmpeg.source === 'env' ? 'FFMPEG_PATH' : 'system'}: ${ffmpeg.ffmpegPath})`);
  const asr = checkAsrSettings(config.asr);
  console.log(asr.ok ? `Automatic transcription: Whisper model ${asr.model}${asr.vadModel ? `, VAD ${asr.vadModel}` : ''}, ${asr.threads} thread${asr.threads === 1 ? '' : 's'} at low priority.` : asr.message);
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
      if (config.demo && (await loadDemoData(db, config))) console.log('Loaded the demo archive (SIARAN_DEMO=0 turns this off).');
      return made;
    },
    waitingForStartUp,
  );

  const app = createApp({ db, config, jobs });
  const server = startServer(app.fetch, { port: config.port, hostname: config.host, bodyLimitBytes: config.bodyLimitBytes }, (info) => {
    // One write: whoever waits for "listening on" finds the account beside it, not a moment later.
    const lines = [`Siaran is listening on ${config.publicUrl} (port ${info.port}); database ${describeDatabase(config)}`];
    if (admin) {
      lines.push(`First coordinator account: ${admin.email} / ${admin.password}`);
      if (admin.generated) lines.push('(generated password: set SIARAN_ADMIN_PASSWORD to choose it, and change it after signing in)');
    }
    console.log(lines.join('\n'));
  });
  const scheduler = jobs.works ? await startWorking(db, config, jobs) : null;
  if (!scheduler) console.log('Jobs: none in this instance (SIARAN_JOBS=0); captures and transcriptions it is asked for wait in the queue for a worker (npm run worker).');
  // The port taken by another program (or a second Siaran) is the usual start-up mistake:
  // say which setting to change instead of printing a stack.
  server.on('error', async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const why = error.code === 'EADDRINUSE' ? 'is already in use (another program, or Siaran already running)' : 'may not be used by this user';
      console.error(`Siaran could not start: port ${config.port} on ${config.host} ${why}. Set PORT (and HOST) to another address, e.g. PORT=3001 npm start.`);
    } else {
      console.error('Siaran could not start:', error.message);
    }
    await jobs.stop();
    await db.destroy();
    process.exit(1);
  });
  const warming = new AbortController();
  // A changed analysis rebuilds the index beside the old one first (search/reindex.ts);
  // the warm-up then reads the index searches will use.
  reindexIfWanted(db, { signal: warming.signal, log: (line) => console.log(line) })
    .catch((error) => console.error('Search rebuild failed (searches use the old index):', error instanceof Error ? error.message : error))
    .then(() => prewarmSearch(db, warming.signal))
    .then(
    (warm) => {
      if (warm.complete) console.log(`Search: read ${warm.rows} rows of its tables in ${(warm.ms / 1000).toFixed(1)} s, so first searches run at full speed.`);
    },
    (error) => console.error('Search warm-up failed (searches still work, only slower at first):', error instanceof Error ? error.message : error),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
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

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if (error instanceof AudioError && error.code === 'ffmpeg_unavailable') {
    console.error(`Siaran needs ffmpeg and could not find a working one.\n${error.message}`);
  } else {
    console.error('Siaran could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
