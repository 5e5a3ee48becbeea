// `npm run worker`: a process that works jobs and serves no HTTP. Any number of them, on this
// machine or others that mount the same storage root, share the database's queue with the app
// instances (src/jobs/queue.ts): each claims queued captures one at a time, takes over runs
// whose worker died once their lease runs out, and runs the scheduled ticks that it is first
// to take. It runs whatever SIARAN_JOBS says, which only decides for app instances.
// SIGTERM/SIGINT stop the render or transcription in progress (recorded as interrupted, for
// another worker to take up) and close the database.
import { checkAsrSettings } from './asr/index.ts';
import { resolveFfmpeg } from './audio/ffmpeg.ts';
import { loadConfig } from './config.ts';
import { connectDatabase, describeDatabase } from './db/connection.ts';
import { PROCESS_LOCKS, inTurn } from './db/locks.ts';
import { migrate } from './db/migrate.ts';
import { Jobs } from './jobs/jobs.ts';
import { recover, startWorking, waitingForStartUp } from './jobs/start.ts';
import { exitOnStartFailure } from './start-failure.ts';
import { engineSetup } from './transcription/transcription.service.ts';

async function worker() {
  const loaded = loadConfig();
  const config = { ...loaded, capture: { ...loaded.capture, scheduled: true } };
  const ffmpeg = await resolveFfmpeg();
  console.log(`ffmpeg ${ffmpeg.version} (${ffmpeg.ffmpegPath})`);
  const asr = checkAsrSettings(config.asr);
  console.log(asr.ok ? `Transkripsi otomatis: model Whisper ${asr.model}.` : asr.message);
  const db = connectDatabase(config);
  const jobs = new Jobs(db, config, asr.ok ? engineSetup(asr) : null);
  // In turn with the app instances and workers starting beside it (db/locks.ts).
  await inTurn(
    db,
    PROCESS_LOCKS.startUp,
    async () => {
      await migrate(db);
      await recover(db, config, jobs);
    },
    waitingForStartUp,
  );
  const working = await startWorking(db, config, jobs);
  console.log(`Worker Siaran ${jobs.lease.owner} mulai mengerjakan tugas; basis data ${describeDatabase(config)}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: berhenti`);
    setTimeout(() => process.exit(0), 10_000).unref();
    await working.stop();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

worker().catch(exitOnStartFailure('Worker Siaran'));
