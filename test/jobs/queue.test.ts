// The shared queue's two exclusive steps, contended for by several real processes on one
// database (an SQLite file; a PostgreSQL database under test:pg, where the claim skips locked
// rows): a queued run is claimed by exactly one of them, and a scheduled tick is run by
// exactly one. (test/jobs/cluster.test.ts runs whole workers and a web-only app.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openPostgres } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Lease, claimNext, expireLeases } from '../../src/jobs/queue.ts';
import { makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { repoRoot } from '../helpers/server.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-queue-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

type Won = { owner: string; won: (number | string)[] };

function contend(file: string, what: 'claim' | 'tick', startAt: number, slots = ''): Promise<Won> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/queue-contender.ts', file, what, String(startAt), slots], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(out))));
  });
}

const scratch: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of scratch) await drop();
});

/** A migrated database for the contenders: an SQLite file, or under test:pg a scratch PostgreSQL database. */
async function freshDatabase(name: string) {
  if (process.env.SIARAN_TEST_DATABASE === 'postgres') {
    const pg = await createScratchPostgres();
    scratch.push(pg.drop);
    const db = openPostgres(pg.url, { max: 2 });
    await migrate(db);
    return { file: pg.url, db };
  }
  const file = path.join(dir, name);
  const db = openDatabase(file);
  await migrate(db);
  return { file, db };
}

describe('the shared queue across processes', () => {
  it('gives each queued run to exactly one of three processes claiming at once', async () => {
    const { file, db } = await freshDatabase('claim.db');
    const rows = Array.from({ length: 300 }, () => ({ job: 'capture', trigger: 'schedule' as const, started_at: new Date().toISOString(), outcome: 'queued' as const, attempt: 1 }));
    const ids = (await db.insertInto('job_runs').values(rows).returning('id').execute()).map((r) => r.id);
    // Long enough for three tsx processes to start on a loaded machine, so they do contend.
    const startAt = Date.now() + 10_000;
    const results = await Promise.all([1, 2, 3].map(() => contend(file, 'claim', startAt)));

    const claimed = results.flatMap((r) => r.won);
    expect(claimed).toHaveLength(ids.length);
    expect(new Set(claimed).size).toBe(ids.length);
    // They did contend: more than one process got runs.
    expect(results.filter((r) => r.won.length > 0).length).toBeGreaterThan(1);
    // Each run is held by the process that claimed it, and is running.
    const after = await db.selectFrom('job_runs').select(['id', 'outcome', 'lease_owner', 'lease_expires_at']).execute();
    for (const r of results) for (const id of r.won) expect(after.find((a) => a.id === id)).toMatchObject({ outcome: 'running', lease_owner: r.owner });
    await db.destroy();
  }, 60_000);

  it('runs each tick in exactly one of three processes', async () => {
    const { file, db } = await freshDatabase('ticks.db');
    const first = Date.parse('2026-12-07T00:00:00Z');
    const slots = Array.from({ length: 200 }, (_, i) => new Date(first + i * 60_000).toISOString());
    // Long enough for three tsx processes to start on a loaded machine, so they do contend.
    const startAt = Date.now() + 10_000;
    const results = await Promise.all([1, 2, 3].map(() => contend(file, 'tick', startAt, slots.join(','))));

    const fired = results.flatMap((r) => r.won);
    expect(fired.sort()).toEqual(slots);
    expect(results.filter((r) => r.won.length > 0).length).toBeGreaterThan(1);
    const rows = await db.selectFrom('job_ticks').selectAll().execute();
    for (const r of results) for (const slot of r.won) expect(rows.find((row) => row.slot === slot)?.owner).toBe(r.owner);
    await db.destroy();
  }, 60_000);
});

describe('what the queue keeps apart', () => {
  const queued = (dialogueId: string) => ({ job: 'capture', dialogue_id: dialogueId, trigger: 'manual' as const, started_at: new Date().toISOString(), outcome: 'queued' as const, attempt: 1 });

  it('never hands out a second capture of a dialogue while one of it is running', async () => {
    t = await createTestApp();
    const s = await seedBasics(t);
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T09:30'));
    const other = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T10:00', '2021-09-08T10:30'));
    const [first, second, third] = (await t.db.insertInto('job_runs').values([queued(d.id), queued(d.id), queued(other.id)]).returning('id').execute()).map((r) => r.id);
    const a = new Lease(t.db, 60_000);
    const b = new Lease(t.db, 60_000);

    expect((await claimNext(t.db, a, 'capture'))?.id).toBe(first);
    // The next in line is the same dialogue's: passed over for the other dialogue's.
    expect((await claimNext(t.db, b, 'capture'))?.id).toBe(third);
    expect(await claimNext(t.db, b, 'capture')).toBeUndefined();
    await t.db.updateTable('job_runs').set({ outcome: 'attached', finished_at: new Date().toISOString() }).where('id', '=', first!).execute();
    expect(await claimNext(t.db, b, 'capture')).toMatchObject({ id: second, outcome: 'running', lease_owner: b.owner });
    a.stop();
    b.stop();
  });

  it('runs one intake pass at a time across processes: a pass finding another live one leaves the files to it', async () => {
    t = await createTestApp({ SIARAN_INCOMING_QUIET_SEC: '0' });
    const s = await seedBasics(t);
    const incoming = path.join(t.dir, 'incoming', s.station.slug);
    fs.mkdirSync(incoming, { recursive: true });
    await makeLoggerFile({ path: path.join(incoming, '2021-09-08_09-00-00.mp3'), format: 'mp3', startSec: 0, durationSec: 10 });
    // Another process's pass, under way and holding its lease.
    const elsewhere = new Lease(t.db, 60_000);
    const theirs = await t.db
      .insertInto('job_runs')
      .values({ job: 'intake', trigger: 'schedule', started_at: new Date().toISOString(), outcome: 'running', attempt: 1, ...elsewhere.stamp() })
      .returning('id')
      .executeTakeFirstOrThrow();
    elsewhere.stop();

    expect(await t.jobs.intakeNow()).toBeNull();
    expect(fs.readdirSync(incoming)).toEqual(['2021-09-08_09-00-00.mp3']);
    expect(await t.db.selectFrom('job_runs').select('id').where('job', '=', 'intake').execute()).toEqual([theirs]);

    // Once that process's lease has run out, the next pass goes on.
    await t.db.updateTable('job_runs').set({ lease_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', theirs.id).execute();
    expect(await t.jobs.intakeNow()).toBeGreaterThan(theirs.id);
    expect(fs.readdirSync(incoming)).toEqual([]);
  });
});

describe('leases', () => {
  it('are renewed while their process holds the run, and run out once it stops renewing', async () => {
    t = await createTestApp();
    const lease = new Lease(t.db, 600);
    const run = await t.db
      .insertInto('job_runs')
      .values({ job: 'intake', trigger: 'schedule', started_at: new Date().toISOString(), outcome: 'running', attempt: 1, ...lease.stamp() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Three leases' time later, still held: the heartbeat renewed it.
    await new Promise((r) => setTimeout(r, 1800));
    expect(await expireLeases(t.db)).toBe(0);
    expect(Date.parse((await t.db.selectFrom('job_runs').select('lease_expires_at').where('id', '=', run.id).executeTakeFirstOrThrow()).lease_expires_at!)).toBeGreaterThan(Date.now());

    // Its process gone silent: once the lease has run out, the run is interrupted, due at once.
    lease.stop();
    await new Promise((r) => setTimeout(r, 700));
    expect(await expireLeases(t.db)).toBe(1);
    expect(await t.db.selectFrom('job_runs').select(['outcome', 'reason', 'retry_at']).where('id', '=', run.id).executeTakeFirstOrThrow()).toMatchObject({
      outcome: 'failed',
      reason: 'interrupted: the process stopped before the run ended',
      retry_at: expect.any(String),
    });
  });
});
