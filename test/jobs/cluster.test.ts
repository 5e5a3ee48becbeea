// Several real processes on one SQLite file and one media folder, as `npm start` with
// SIARAN_JOBS=0 (web-only) and two `npm run worker`: the web instance only queues, the workers
// share the captures and the ticks, and a worker killed mid-render has its capture completed
// by the other once its lease runs out, with nothing half-written recorded.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, clusterDatabase, coordinatorApi, deliver, killWorkerMidRender, local, loggerFile, workerOwner } from '../helpers/cluster.ts';
import { CAPTURE_AT_ONCE, randomPort, type Started, startListening, startWorker, waitFor } from '../helpers/server.ts';

const LEASE_SEC = 3;
let processes: Started[] = [];
let media = '';
afterEach(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  processes = [];
  rmSync(media, { recursive: true, force: true });
});

function environment(port: string) {
  return {
    SIARAN_MEDIA_DIR: media,
    PORT: port,
    SIARAN_DEMO: '0',
    SIARAN_ADMIN_EMAIL: ADMIN.email,
    SIARAN_ADMIN_PASSWORD: ADMIN.password,
    ...CAPTURE_AT_ONCE,
    SIARAN_JOB_LEASE_SEC: String(LEASE_SEC),
  };
}

/** A web-only app (SIARAN_JOBS=0) and a coordinator's API on it. */
async function webOnly(env: Record<string, string>, port: string) {
  const app = await startListening({ ...env, SIARAN_JOBS: '0' });
  processes.push(app);
  return { app, api: await coordinatorApi(`http://127.0.0.1:${port}`) };
}

async function worker(env: Record<string, string>) {
  const w = await startWorker(env);
  processes.push(w);
  return { ...w, owner: workerOwner(w) };
}

type Run = { id: number; dialogue_id: string; outcome: string; lease_owner: string | null };
const database = () => clusterDatabase(media);
const captureRuns = () => database().rows<Run>("select * from job_runs where job = 'capture' order by id");
const audioCount = () => database().count('select count(*) as n from dialogue_audio');

describe('a web-only app and two workers on one database', () => {
  it('captures each of 20 due dialogues exactly once, the workers sharing them, the web app none', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-cluster-'));
    // Fixtures before any server: seven minutes of logger audio.
    const logger = await loggerFile(media, 'logger.mp3', 420);
    const port = randomPort();
    const env = environment(port);
    const { api } = await webOnly(env, port);
    const station = (await api('POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;
    const dialogues = [];
    for (let i = 0; i < 20; i++) {
      const booked = await api('POST', '/api/dialogues', { title: `Dialog ${i + 1}`, stationId: station.id, startsAt: local(10 + 20 * i), endsAt: local(30 + 20 * i) });
      expect(booked.status).toBe(201);
      dialogues.push(booked.json);
    }
    const workers = [await worker(env), await worker(env)];
    deliver(media, logger, station.slug, '2021-09-08_09-00-00.mp3');

    await waitFor(async () => (await audioCount()) === 20, 240_000);
    // A moment more: a duplicate would show up as a second attached run.
    await new Promise((r) => setTimeout(r, 2 * LEASE_SEC * 1000));
    const runs = await captureRuns();
    const attached = runs.filter((r) => r.outcome === 'attached');
    expect(attached.map((r) => r.dialogue_id).sort()).toEqual(dialogues.map((d) => d.id).sort());
    expect(runs.filter((r) => r.outcome === 'queued' || r.outcome === 'running')).toEqual([]);
    // Every render is on disk once: three files (opus, mp3, peaks) a dialogue, no more.
    for (const d of dialogues) expect(readdirSync(join(media, 'dialogues', d.id))).toHaveLength(3);
    // Both workers took captures; the web-only app, whose owner is neither, took none.
    const owners = new Set(attached.map((r) => r.lease_owner));
    expect([...owners].sort()).toEqual(workers.map((w) => w.owner).sort());
    // Each tick ran in one process: one row per slot, and both workers took some.
    const ticks = await database().rows<{ owner: string }>("select owner, count(*) as n from job_ticks where name = 'capture' group by owner");
    expect(ticks.map((t) => t.owner).sort()).toEqual(workers.map((w) => w.owner).sort());
    expect(await database().count('select count(*) as n from recordings')).toBe(1);

    // "Capture now" asked of the web-only app is queued there and run by a worker.
    const again = await api('POST', `/api/dialogues/${dialogues[0].id}/capture`);
    expect(again.status).toBe(202);
    await waitFor(async () => (await captureRuns()).find((r) => r.id === Number(again.json.id))?.outcome === 'skipped', 30_000);
    expect(workers.map((w) => w.owner)).toContain((await captureRuns()).find((r) => r.id === Number(again.json.id))!.lease_owner);

    // A worker stops cleanly on SIGTERM.
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  }, 400_000);

  it('completes a capture whose worker was killed mid-render in the other worker, once the lease runs out, recording nothing half-written', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-cluster-kill-'));
    // Fixtures before any server: fourteen minutes of logger audio, for a render of several seconds.
    const logger = await loggerFile(media, 'logger.mp3', 14 * 60);
    const port = randomPort();
    const env = environment(port);
    const { api } = await webOnly(env, port);
    const workers = [await worker(env), await worker(env)];
    await killWorkerMidRender({ media, db: database(), api, workers, logger, leaseSec: LEASE_SEC });
  }, 400_000);
});
