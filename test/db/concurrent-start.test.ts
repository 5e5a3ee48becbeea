// Several processes started at the same moment on one fresh database (the run's: an SQLite
// file under `npm test`, a PostgreSQL database under `npm run test:pg`): three app instances
// and a worker, the demo on. Each comes up; the migrations are applied once, one first
// account is made and the demo is loaded once (src/db/locks.ts, withStartUpLock).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/db/migrate.ts';
import { onPostgres } from '../helpers/app.ts';
import { createScratchPostgres } from '../helpers/postgres.ts';
import { clusterDatabase } from '../helpers/cluster.ts';
import { randomPort, type Started, startListening, startWorker } from '../helpers/server.ts';

let processes: Started[] = [];
let media = '';
let dropDatabase: (() => Promise<void>) | null = null;
afterEach(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  processes = [];
  await dropDatabase?.();
  dropDatabase = null;
  rmSync(media, { recursive: true, force: true });
});

describe('starting several processes at once on a fresh database', () => {
  it('brings up three app instances and a worker, with the migrations applied once, one first account and the demo loaded once', async () => {
    media = mkdtempSync(join(os.tmpdir(), 'siaran-concurrent-start-'));
    const scratch = onPostgres ? await createScratchPostgres() : null;
    dropDatabase = scratch?.drop ?? null;
    const env = { SIARAN_MEDIA_DIR: media, SIARAN_DEMO: '1', ...(scratch ? { SIARAN_DATABASE_URL: scratch.url } : {}) };

    const starting = [
      ...Array.from({ length: 3 }, () => startListening({ ...env, PORT: randomPort() })),
      startWorker(env),
    ];
    const started = await Promise.allSettled(starting);
    processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures).toEqual([]);

    // They did meet: some waited while another started.
    expect(processes.some((p) => /Menunggu proses Siaran lain/.test(p.output()))).toBe(true);
    // One of them made the account and said so; the others found it made.
    expect(processes.filter((p) => /Akun koordinator pertama/.test(p.output()))).toHaveLength(1);
    expect(processes.filter((p) => /Arsip demo dimuat/.test(p.output()))).toHaveLength(1);
    const db = clusterDatabase(media, scratch?.url);
    expect(await db.count("select count(*) as n from users where role = 'admin'")).toBe(1);
    expect(await db.count('select count(*) as n from users')).toBe(1);
    expect(await db.count('select count(*) as n from stations')).toBe(4);
    expect(await db.count('select count(*) as n from topics')).toBe(9);
    expect(await db.count("select count(*) as n from dialogues where title = 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi'")).toBe(1);
    const migrations = readdirSync(migrationsDir(onPostgres ? 'postgres' : 'sqlite')).filter((f) => f.endsWith('.ts'));
    expect(await db.count('select count(*) as n from kysely_migration')).toBe(migrations.length);
    expect(await db.count('select count(distinct name) as n from kysely_migration')).toBe(migrations.length);
  }, 240_000);
});
