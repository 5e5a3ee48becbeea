// Three app instances (`npm start` with SIARAN_JOBS=0, each on its own port) and two workers
// (`npm run worker`) on one PostgreSQL database and one media folder, as SCALE.md's cluster:
// a booking race spread over the instances has one winner, a write through one instance is
// seen at once through another's response cache, a session made on one is valid on the
// others, the workers capture each due dialogue once, and a worker killed mid-render has its
// capture completed by the other once its lease runs out. PostgreSQL only (`npm run test:pg`):
// the SQLite form of the workers is test/jobs/cluster.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type ClusterDatabase, clusterDatabase, coordinatorApi, deliver, killWorkerMidRender, local, loggerFile, workerOwner } from '../helpers/cluster.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { CAPTURE_AT_ONCE, randomPort, type Started, startListening, startWorker, waitFor } from '../helpers/server.ts';

const LEASE_SEC = 3;

let processes: Started[] = [];
let media = '';
let database: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;
let logger = '';
let longLogger = '';
let db: ClusterDatabase;
let workers: Started[] = [];
let bases: string[] = [];
let workerOwners: string[] = [];

function environment(url: string) {
  return {
    SIARAN_DATABASE_URL: url,
    SIARAN_MEDIA_DIR: media,
    SIARAN_DEMO: '0',
    SIARAN_ADMIN_EMAIL: ADMIN.email,
    SIARAN_ADMIN_PASSWORD: ADMIN.password,
    ...CAPTURE_AT_ONCE,
    SIARAN_JOB_LEASE_SEC: String(LEASE_SEC),
  };
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call(base: string, token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}

describe.skipIf(process.env.SIARAN_TEST_DATABASE !== 'postgres')('three app instances and two workers on one PostgreSQL database', () => {
  beforeAll(async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-instances-'));
    // Fixtures before any process: seven minutes of logger audio, and the database.
    // Fourteen more for the kill, a render of several seconds.
    logger = await loggerFile(media, 'logger.mp3', 420);
    longLogger = await loggerFile(media, 'long-logger.mp3', 14 * 60);
    database = await createScratchPostgres();
    db = clusterDatabase(media, database.url);
    const env = environment(database.url);
    // One after the other (test/db/concurrent-start.test.ts starts them at once).
    for (let i = 0; i < 3; i++) {
      const port = randomPort();
      processes.push(await startListening({ ...env, PORT: port, SIARAN_JOBS: '0' }));
      bases.push(`http://127.0.0.1:${port}`);
    }
    for (let i = 0; i < 2; i++) {
      const worker = await startWorker(env);
      processes.push(worker);
      workers.push(worker);
      workerOwners.push(workerOwner(worker));
    }
  }, 240_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    await database?.drop();
    if (media) rmSync(media, { recursive: true, force: true });
  }, 60_000);

  it('gives one of 50 overlapping bookings sent at once over the three instances the slot, and 409 to the other 49', async () => {
    const token = await signIn(bases[0]!);
    const station = (await call(bases[0]!, token, 'POST', '/api/stations', { name: 'RRI Ambon', timezone: 'Asia/Jayapura' })).json;
    // Slot i starts i minutes after 09:00 and lasts an hour: every two of them overlap.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const start = new Date(Date.UTC(2030, 0, 2, 9, i));
        const end = new Date(Date.UTC(2030, 0, 2, 10, i));
        const wall = (d: Date) => d.toISOString().slice(0, 16);
        return call(bases[i % 3]!, token, 'POST', '/api/dialogues', { title: `Rebutan ${i + 1}`, stationId: station.id, startsAt: wall(start), endsAt: wall(end) });
      }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.json.error.code).toBe('dialogue_conflict');
    const winner = answers.find((a) => a.status === 201)!.json;
    const rows = await db.rows<{ id: string }>('select id from dialogues where station_id = ?', station.id);
    expect(rows.map((r) => r.id)).toEqual([winner.id]);
  }, 120_000);

  it("shows a write made through instance A at once in instance B's cached lists", async () => {
    const [a, b] = bases as [string, string];
    const tokenA = await signIn(a);
    const tokenB = await signIn(b);
    const stationsOnB = async () => (await call(b, tokenB, 'GET', '/api/stations')).json.items.map((s: { name: string }) => s.name);
    // Twice: the second answer is the one B keeps.
    await stationsOnB();
    const before = await stationsOnB();
    expect(before).not.toContain('RRI Ternate');
    const station = (await call(a, tokenA, 'POST', '/api/stations', { name: 'RRI Ternate', timezone: 'Asia/Jayapura' })).json;
    expect(await stationsOnB()).toContain('RRI Ternate');

    const listPath = `/api/dialogues?station=${station.id}`;
    const dialoguesOnB = async () => (await call(b, tokenB, 'GET', listPath)).json.items.map((d: { title: string }) => d.title);
    expect(await dialoguesOnB()).toEqual([]);
    expect(await dialoguesOnB()).toEqual([]);
    const booked = await call(a, tokenA, 'POST', '/api/dialogues', { title: 'Kabar Maluku Utara', stationId: station.id, startsAt: '2030-02-01T09:00', endsAt: '2030-02-01T10:00' });
    expect(booked.status).toBe(201);
    expect(await dialoguesOnB()).toEqual(['Kabar Maluku Utara']);
    expect(await dialoguesOnB()).toEqual(['Kabar Maluku Utara']);
    const patched = await call(a, tokenA, 'PATCH', `/api/dialogues/${booked.json.id}`, { title: 'Kabar Ternate' });
    expect(patched.status).toBe(200);
    expect(await dialoguesOnB()).toEqual(['Kabar Ternate']);
  }, 60_000);

  it('accepts a session made on instance A on instances B and C, and ends it on all three', async () => {
    const [a, b, c] = bases as [string, string, string];
    const token = await signIn(a);
    for (const base of [a, b, c]) {
      expect((await call(base, null, 'GET', '/api/users')).status).toBe(401);
      const users = await call(base, token, 'GET', '/api/users');
      expect(users.status).toBe(200);
      expect(users.json.items.map((u: { email: string }) => u.email)).toContain(ADMIN.email);
    }
    expect((await call(b, token, 'POST', '/api/auth/logout')).status).toBe(204);
    for (const base of [a, b, c]) expect((await call(base, token, 'GET', '/api/users')).status).toBe(401);
  }, 60_000);

  it('has the two workers capture each of 20 due dialogues exactly once, and the instances none', async () => {
    const token = await signIn(bases[0]!);
    const station = (await call(bases[0]!, token, 'POST', '/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' })).json;
    const dialogues: { id: string }[] = [];
    for (let i = 0; i < 20; i++) {
      // Booked through all three instances in turn.
      const booked = await call(bases[i % 3]!, token, 'POST', '/api/dialogues', { title: `Dialog ${i + 1}`, stationId: station.id, startsAt: local(10 + 20 * i), endsAt: local(30 + 20 * i) });
      expect(booked.status).toBe(201);
      dialogues.push(booked.json);
    }
    deliver(media, logger, station.slug, '2021-09-08_09-00-00.mp3');

    const ids = dialogues.map((d) => d.id);
    const audioCount = () => db.count('select count(*) as n from dialogue_audio where dialogue_id = any(?)', ids);
    await waitFor(async () => (await audioCount()) === 20, 120_000).catch(async () => {
      // What the queue and the processes said, to tell a stuck capture from a lost one.
      const state = await db.rows("select job, dialogue_id, outcome, reason, lease_owner from job_runs order by id");
      throw new Error(`not all captured: ${JSON.stringify(state)}\n${processes.map((p) => p.output()).join('\n---\n')}`);
    });
    // A moment more: a duplicate would show up as a second attached run.
    await new Promise((r) => setTimeout(r, 2 * LEASE_SEC * 1000));
    const runs = await db.rows<{ dialogue_id: string; outcome: string; lease_owner: string }>("select dialogue_id, outcome, lease_owner from job_runs where job = 'capture' and dialogue_id = any(?)", ids);
    const attached = runs.filter((r) => r.outcome === 'attached');
    expect(attached.map((r) => r.dialogue_id).sort()).toEqual([...ids].sort());
    expect(runs.filter((r) => r.outcome === 'queued' || r.outcome === 'running')).toEqual([]);
    // Both workers took captures, and nothing else did.
    expect([...new Set(attached.map((r) => r.lease_owner))].sort()).toEqual([...workerOwners].sort());
  }, 300_000);

  // Last: it leaves one worker.
  it('has the other worker complete a capture whose worker was killed mid-render, once the lease runs out, recording nothing half-written', async () => {
    const api = await coordinatorApi(bases[1]!);
    await killWorkerMidRender({ media, db, api, workers, logger: longLogger, leaseSec: LEASE_SEC });
  }, 400_000);
});
