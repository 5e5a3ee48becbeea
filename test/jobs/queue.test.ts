// The shared queue's two exclusive steps, contended for by several real processes on one
// SQLite file: a queued run is claimed by exactly one of them, and a scheduled tick is run by
// exactly one. (test/jobs/cluster.test.ts runs whole workers and a web-only app.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { repoRoot } from '../helpers/server.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-queue-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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

async function freshDatabase(name: string) {
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
    const startAt = Date.now() + 4000;
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
    const startAt = Date.now() + 4000;
    const results = await Promise.all([1, 2, 3].map(() => contend(file, 'tick', startAt, slots.join(','))));

    const fired = results.flatMap((r) => r.won);
    expect(fired.sort()).toEqual(slots);
    expect(results.filter((r) => r.won.length > 0).length).toBeGreaterThan(1);
    const rows = await db.selectFrom('job_ticks').selectAll().execute();
    for (const r of results) for (const slot of r.won) expect(rows.find((row) => row.slot === slot)?.owner).toBe(r.owner);
    await db.destroy();
  }, 60_000);
});
