// The operator's command line, run as `npm run siaran` runs it, against the database a
// running app has open.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgres, seedBasics, type TestApp } from '../helpers/app.ts';
import { repoRoot } from '../helpers/server.ts';
import { clearIndex } from '../../src/search/search.repository.ts';
import { FILES, MEDIA_TYPES, airedDialogue, upload } from '../transcripts/helpers.ts';

let t: TestApp;
let dialogue: { id: string; title: string };
beforeAll(async () => {
  t = await createTestApp();
  dialogue = await airedDialogue(t, await seedBasics(t));
  const res = await upload(t, dialogue.id, FILES.vtt, MEDIA_TYPES.vtt);
  if (res.status !== 201) throw new Error(res.text);
});
afterAll(() => t.close());

/** Runs the CLI; `wrap` goes before the node command (a shell setting limits first). */
function siaran(args: string[], env: Record<string, string> = {}, wrap: string[] = []) {
  const [command, ...rest] = [...wrap, process.execPath, '--import', 'tsx', 'src/cli.ts', ...args] as [string, ...string[]];
  const run = spawnSync(command, rest, {
    cwd: repoRoot,
    // Under npm run test:pg, the app's PostgreSQL database rather than a file in the media folder.
    env: { ...process.env, SIARAN_MEDIA_DIR: t.dir, ...(t.config.databaseUrl ? { SIARAN_DATABASE_URL: t.config.databaseUrl } : {}), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

/** A media folder of its own inside the test's, which does not exist yet. */
const elsewhere = () => path.join(fs.mkdtempSync(path.join(t.dir, 'elsewhere-')), 'media');

/** A consistent copy of the live database (the app has it open in WAL mode, so not a file copy). */
function copyOfLive(mediaDir: string): string {
  fs.mkdirSync(mediaDir, { recursive: true });
  const file = path.join(mediaDir, 'siaran.db');
  const live = new SQLite(t.config.databasePath, { readonly: true });
  live.prepare('vacuum into ?').run(file);
  live.close();
  return file;
}

const signIn = (email: string, password: string) => t.call('POST', '/api/auth/login', { body: { email, password } });
const accounts = () => siaran(['user', 'list']).out.trim().split('\n');

describe('user add', () => {
  it('creates a coordinator who can sign in with the password given in SIARAN_USER_PASSWORD', async () => {
    const run = siaran(['user', 'add', 'Desi@RRI.id', '--name', 'Desi Wulandari'], { SIARAN_USER_PASSWORD: 'kata-sandi-desi' });
    expect(run).toMatchObject({ status: 0, err: '' });
    expect(run.out).toContain('Akun koordinator desi@rri.id (Desi Wulandari) dibuat.');
    expect(run.out).not.toContain('kata-sandi-desi');
    const res = await signIn('desi@rri.id', 'kata-sandi-desi');
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ email: 'desi@rri.id', role: 'coordinator' });
  });

  it('generates a password when none is given, prints it once, and makes an admin when asked', async () => {
    const run = siaran(['user', 'add', 'ops@rri.id', '--name', 'Operator', '--role', 'admin']);
    expect(run.status).toBe(0);
    const password = /Kata sandi: (\S+)/.exec(run.out)?.[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await signIn('ops@rri.id', password)).json.user.role).toBe('admin');
  });

  it('refuses a second account for an address, whatever its case', () => {
    const run = siaran(['user', 'add', 'DESI@rri.id', '--name', 'Another Desi'], { SIARAN_USER_PASSWORD: 'another-password' });
    expect(run.status).toBe(1);
    expect(run.err).toContain('Sudah ada akun dengan email ini.');
    expect(accounts().filter((line) => line.startsWith('desi@rri.id'))).toEqual(['desi@rri.id\tcoordinator\tDesi Wulandari']);
  });

  // Eleven CLI processes, each a few seconds of tsx start-up on a loaded CI machine.
  it('names what is wrong with the input, and writes nothing', () => {
    const before = accounts();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['user', 'add', 'not-an-address', '--name', 'X'], {}, /^email: /m],
      [['user', 'add', 'x@rri.id'], {}, /^--name: /m],
      [['user', 'add', 'x@rri.id', '--name', '   '], {}, /^--name: /m],
      [['user', 'add', 'x@rri.id', '--name', 'X', '--role', 'speaker'], {}, /^--role: /m],
      [['user', 'add', 'x@rri.id', '--name', 'X'], { SIARAN_USER_PASSWORD: 'short' }, /^SIARAN_USER_PASSWORD: .*8/m],
      [['user', 'add', 'x@rri.id', '--name', 'X', '--colour', 'blue'], {}, /Opsi tidak dikenal: --colour[\s\S]*Cara pakai: npm run siaran/],
      [['user', 'add', 'x@rri.id', 'y@rri.id', '--name', 'X'], {}, /satu alamat email[\s\S]*Cara pakai/],
      [[], {}, /Tidak ada perintah[\s\S]*Cara pakai/],
      [['user', 'remove', 'x@rri.id'], {}, /Perintah tidak dikenal: user remove x@rri.id/],
    ];
    for (const [args, env, message] of cases) {
      const run = siaran(args, env);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.err, args.join(' ')).toMatch(message);
    }
    expect(accounts()).toEqual(before);
  }, 240_000);

  it('stops with the setting named when the configuration is wrong', () => {
    const run = siaran(['user', 'list'], { SIARAN_DEMO: 'perhaps' });
    expect(run.status).toBe(1);
    expect(run.err).toContain('SIARAN_DEMO');
  });
});

// About the SQLite file: its absence, its upgrade, its copy. PostgreSQL is backed up with pg_dump.
describe.skipIf(onPostgres)('a database that is missing or older than this code', () => {
  it('refuses every command but user add where there is no database, and creates none', () => {
    const media = elsewhere();
    const file = path.join(media, 'siaran.db');
    for (const args of [['user', 'list'], ['backup', path.join(t.dir, 'from-nothing.db')], ['search', 'rebuild']]) {
      const run = siaran(args, { SIARAN_MEDIA_DIR: media });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toContain(`Tidak ada basis data di ${file} (diatur oleh SIARAN_DATABASE atau SIARAN_MEDIA_DIR).`);
      // Not even the folder: opening the path would have made it, and an empty database in it.
      expect(fs.existsSync(media), args.join(' ')).toBe(false);
    }
    expect(fs.existsSync(path.join(t.dir, 'from-nothing.db'))).toBe(false);
  });

  it('makes and migrates the database for the first account, and says so', () => {
    const media = elsewhere();
    const file = path.join(media, 'siaran.db');
    const run = siaran(['user', 'add', 'pertama@rri.id', '--name', 'Pertama'], { SIARAN_MEDIA_DIR: media, SIARAN_USER_PASSWORD: 'kata-sandi-pertama' });
    expect(run).toMatchObject({ status: 0, err: '' });
    expect(run.out).toContain(`Belum ada basis data di ${file}: membuatnya.`);
    expect(run.out).toContain('Akun koordinator pertama@rri.id (Pertama) dibuat.');
    // user list refuses a database with a migration to apply, so this also says it is up to date.
    const list = siaran(['user', 'list'], { SIARAN_MEDIA_DIR: media });
    expect(list).toMatchObject({ status: 0, err: '', out: 'pertama@rri.id\tcoordinator\tPertama\n' });
  });

  it('refuses to act on an older database but backs it up, and never migrates it', () => {
    const media = elsewhere();
    const file = copyOfLive(media);
    const raw = new SQLite(file);
    const newest = raw.prepare('select max(name) from kysely_migration').pluck().get() as string;
    raw.prepare('delete from kysely_migration where name = ?').run(newest);
    raw.close();
    const migrationNames = (db: string) => {
      const open = new SQLite(db, { readonly: true });
      try {
        return open.prepare('select name from kysely_migration order by name').pluck().all() as string[];
      } finally {
        open.close();
      }
    };
    const before = migrationNames(file);
    expect(before).not.toContain(newest);

    const older = `Basis data di ${file} lebih tua dari kode ini (1 migrasi belum dijalankan): jalankan server sekali, yang memperbaruinya, lalu ulangi perintah ini.`;
    for (const args of [['user', 'list'], ['search', 'rebuild']]) {
      const run = siaran(args, { SIARAN_MEDIA_DIR: media });
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.err.trim(), args.join(' ')).toBe(older);
      expect(run.out, args.join(' ')).toBe('');
    }

    const target = path.join(media, 'before-upgrade.db');
    const run = siaran(['backup', target], { SIARAN_MEDIA_DIR: media });
    expect(run).toMatchObject({ status: 0, err: '' });
    expect(run.out).toContain(`Dicadangkan ke ${target}`);
    const copy = new SQLite(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('select count(*) from users').pluck().get()).toBeGreaterThan(0);
    } finally {
      copy.close();
    }
    // The backup is of the database as it was, and the database is still as it was.
    expect(migrationNames(target)).toEqual(before);
    expect(migrationNames(file)).toEqual(before);
  });
});

describe.skipIf(onPostgres)('backup', () => {
  it('writes a copy holding everything, while the app has the database open', async () => {
    const file = path.join(t.dir, 'backup-1.db');
    const run = siaran(['backup', file]);
    expect(run.status).toBe(0);
    expect(run.out).toContain(`Dicadangkan ke ${file}`);

    const copy = new SQLite(file, { readonly: true });
    const live = new SQLite(t.config.databasePath, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['users', 'stations', 'speakers', 'dialogues', 'transcript_segments', 'search_docs', 'kysely_migration']) {
        expect(copy.prepare(`select * from ${table} order by 1`).all(), table).toEqual(live.prepare(`select * from ${table} order by 1`).all());
      }
      expect(copy.prepare('select title from dialogues where id = ?').pluck().get(dialogue.id)).toBe(dialogue.title);
    } finally {
      copy.close();
      live.close();
    }
  });

  it('never overwrites a file, and says when the folder is missing', () => {
    const file = path.join(t.dir, 'precious.db');
    fs.writeFileSync(file, 'keep me');
    const exists = siaran(['backup', file]);
    expect(exists.status).toBe(1);
    expect(exists.err).toContain('sudah ada; cadangan tidak pernah menimpa berkas');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');

    const nowhere = siaran(['backup', path.join(t.dir, 'no-such-folder', 'b.db')]);
    expect(nowhere.status).toBe(1);
    expect(nowhere.err).toContain('tidak ada.');
    expect(siaran(['backup']).status).toBe(2);
  });

  it('leaves no file behind when the copy cannot be written, and says why', () => {
    const media = elsewhere();
    const file = copyOfLive(media);
    // 1 MiB that cannot shrink in the copy, well past the 50 KiB the copy may write below.
    const raw = new SQLite(file);
    raw.exec('create table filler (x blob)');
    const fill = raw.prepare('insert into filler values (randomblob(4096))');
    for (let i = 0; i < 256; i++) fill.run();
    raw.close();
    expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
    const target = path.join(media, 'too-big.db');
    // A file size limit stands in for a full disk: the write past it fails with EFBIG, which
    // SQLite reports as a disk I/O error. Node ignores SIGXFSZ itself (else the signal would kill
    // it and no message would come); the trap makes that so whatever node does.
    const run = siaran(['backup', target], { SIARAN_MEDIA_DIR: media }, ['bash', '-c', `trap '' XFSZ; ulimit -f 50; exec "$@"`, 'bash']);
    expect(run.status, run.err).toBe(1);
    expect(run.err).toMatch(/^Gagal: disk I\/O error/m);
    expect(run.out).toBe('');
    expect(fs.readdirSync(media).filter((name) => name.startsWith('too-big.db'))).toEqual([]);
    // The database the copy was read from is untouched.
    const source = new SQLite(file, { readonly: true });
    expect(source.pragma('integrity_check', { simple: true })).toBe('ok');
    source.close();
  });
});

describe('search rebuild', () => {
  it('indexes the transcripts again, and search answers as before', async () => {
    const before = await t.call('GET', '/api/search?q=penyebarluasan', { token: t.coordinator });
    // The line with "penyebarluasan", and the one with "menyebarluaskan" by its stem.
    expect(before.json.items).toHaveLength(2);
    // Emptied behind the search code's back, the index finds nothing until it is rebuilt.
    await t.db.transaction().execute((trx) => clearIndex(trx));
    expect((await t.call('GET', '/api/search?q=penyebarluasan', { token: t.coordinator })).json.items).toEqual([]);

    const run = siaran(['search', 'rebuild']);
    expect(run.status).toBe(0);
    expect(run.out).toContain('Indeks pencarian sudah dibangun ulang.');
    const after = await t.call('GET', '/api/search?q=penyebarluasan', { token: t.coordinator });
    expect(after.json.items.map((h: any) => [h.segmentId, h.snippet])).toEqual(before.json.items.map((h: any) => [h.segmentId, h.snippet]));
  });
});

describe('user reset-password', () => {
  it('sets the password from SIARAN_USER_PASSWORD and ends the sessions the account had', async () => {
    const session = (await signIn('coord@test.id', 'coord-password')).json.token;
    const run = siaran(['user', 'reset-password', 'coord@test.id'], { SIARAN_USER_PASSWORD: 'kata-sandi-pulih' });
    expect(run).toMatchObject({ status: 0, err: '' });
    expect(run.out).toContain('Kata sandi baru untuk coord@test.id');
    expect((await signIn('coord@test.id', 'kata-sandi-pulih')).status).toBe(200);
    expect((await t.call('GET', '/api/stations', { token: session })).status).toBe(401);
  });

  it('generates and prints a password when none is given, and says so when the email has no account', async () => {
    const run = siaran(['user', 'reset-password', 'admin@test.id']);
    expect(run.status).toBe(0);
    const password = /Kata sandi: (\S+)/.exec(run.out)?.[1];
    expect((await signIn('admin@test.id', password ?? '')).status).toBe(200);
    const unknown = siaran(['user', 'reset-password', 'nobody@test.id']);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain('nobody@test.id');
    expect(siaran(['user', 'reset-password']).status).toBe(2);
  });
});

describe.runIf(onPostgres)('backup on PostgreSQL', () => {
  it('refuses, pointing to pg_dump, and writes no file', () => {
    const target = path.join(t.dir, 'copy.db');
    const run = siaran(['backup', target]);
    expect(run.status).toBe(1);
    expect(run.err + run.out).toMatch(/pg_dump/);
    expect(fs.existsSync(target)).toBe(false);
  });
});
