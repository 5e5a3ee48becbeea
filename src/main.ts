// Start: config → ffmpeg → database → migrations → crash recovery → first account and demo
// data → app → listen → scheduler, with the search's pages read once in the background.
// SIGTERM/SIGINT stop the warm-up and the scheduler (a render in progress is stopped and
// recorded as interrupted), stop taking requests, let running ones finish, then close the
// database.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { AudioError, resolveFfmpeg } from './audio/ffmpeg.ts';
import { Jobs } from './jobs/jobs.ts';
import { recoverAfterCrash } from './jobs/recovery.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { ensureFirstAdmin } from './auth/auth.service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase, describeDatabase } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { loadDemoData } from './demo/demo.ts';
import { prewarmSearch } from './search/prewarm.ts';

async function main() {
  const config = loadConfig();
  const ffmpeg = await resolveFfmpeg();
  console.log(`ffmpeg ${ffmpeg.version} (${ffmpeg.source === 'npm' ? 'the build shipped in npm packages' : ffmpeg.source === 'env' ? 'FFMPEG_PATH' : 'system'}: ${ffmpeg.ffmpegPath})`);
  const db = connectDatabase(config);
  await migrate(db);
  const recovered = await recoverAfterCrash(db, config.mediaDir);
  if (Object.values(recovered).some((n) => n > 0)) console.log('Recovered after an interrupted run:', JSON.stringify(recovered));
  const admin = await ensureFirstAdmin(db, config);
  if (config.demo && (await loadDemoData(db))) console.log('Loaded the demo archive (SIARAN_DEMO=0 turns this off).');

  const jobs = new Jobs(db, config);
  const app = createApp({ db, config, jobs });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Siaran is listening on ${config.publicUrl} (port ${info.port}); database ${describeDatabase(config)}`);
    if (admin) {
      console.log(`First coordinator account: ${admin.email} / ${admin.password}`);
      if (admin.generated) console.log('(generated password: set SIARAN_ADMIN_PASSWORD to choose it, and change it after signing in)');
    }
  });
  const scheduler = config.capture.scheduled ? startScheduler(jobs, config.capture) : null;
  if (scheduler) console.log(`Jobs: intake "${config.capture.intakeSchedule}", capture "${config.capture.captureSchedule}" (SIARAN_JOBS=0 turns them off).`);
  const warming = new AbortController();
  prewarmSearch(db, warming.signal).then(
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
