// The operator's command line: `npm run siaran -- <command>`. It works on the database the
// settings point at (SIARAN_DATABASE or the media folder) and never migrates one that exists:
// that is the server's work at start (copy-to-postgres migrates only the empty database it
// copies into). Accounts and backups may be made while the server runs
// (SQLite in WAL mode lets the CLI write beside it, and the server's caches notice); a search
// rebuild wants the server stopped (see the usage).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { listUsers } from './auth/auth.repository.ts';
import { NewUserInput } from './auth/auth.schemas.ts';
import { createUser, resetPassword } from './auth/auth.service.ts';
import { generatePassword } from './auth/passwords.ts';
import { ConfigError, indonesianIssues, loadConfig } from './config.ts';
import { type Db, connectDatabase, describeDatabase, dialectOf } from './db/connection.ts';
import { CopyFailed, CopyRefused, copyToPostgres, formatReport } from './db/copy-to-postgres.ts';
import { migrate, pendingMigrations } from './db/migrate.ts';
import { AppError } from './errors.ts';
import { rebuildSearchIndex } from './search/search.index.ts';

const usage = `Cara pakai: npm run siaran -- <perintah>

  user add <email> --name <nama> [--role coordinator|admin]
      Membuat akun (koordinator, kecuali --role admin). Kata sandinya dibaca dari
      SIARAN_USER_PASSWORD (paling sedikit 8 karakter); tanpa itu, dibuatkan dan dicetak sekali.
      Bila basis data belum ada, perintah ini membuatnya: akun boleh ada sebelum server pertama kali jalan.
  user list
      Menampilkan daftar akun.
  user reset-password <email>
      Memberi akun itu kata sandi baru dan mengakhiri sesinya. Kata sandinya dibaca dari
      SIARAN_USER_PASSWORD (paling sedikit 8 karakter); tanpa itu, dibuatkan dan dicetak sekali.
  backup <berkas>
      Menulis salinan basis data yang utuh ke berkas baru, juga selagi server berjalan.
      Audio tidak termasuk: salin media/dialogues dan media/recordings di sampingnya. Bekerja
      pada basis data yang lebih tua dari kode ini (perintah lain meminta server dijalankan sekali).
  search rebuild
      Mengindeks ulang semua transkrip (setelah analisis bahasa Indonesia berubah). Hentikan
      server dulu: pencarian hanya menemukan sebagian arsip sampai pengindeksan selesai, dan
      transkrip yang diimpor di tengahnya akan mengacaukan hitungan kata yang dipakai peringkat.
  copy-to-postgres <url>
      Menyalin arsip SQLite (SIARAN_DATABASE atau milik folder media) ke basis data PostgreSQL
      kosong di <url> (postgres://user@host:5432/nama): memigrasinya, menyalin semua tabel
      dalam satu transaksi (bila gagal, basis data itu tetap kosong), membangun ulang indeks
      pencarian di sana, lalu mencetak jumlah baris dan checksum tiap tabel di kedua sisi;
      keluar dengan status 1 bila ada yang berbeda. Menolak basis data yang sudah berisi, dan
      arsip yang lebih tua dari kode ini (jalankan server sekali dulu). Hentikan server dulu:
      yang ditulisnya setelah penyalinan mulai tidak ikut tersalin. Berkas media tidak disalin:
      semua instans memasang folder penyimpanan yang sama.`;

/** What the command cannot do as things stand (no database there, a file in the way): its message, exit status 1. */
class Refusal extends Error {}

/** A mistake in what was asked: its message (with the usage when the call itself is off), exit status 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    // parseArgs says what is wrong with an option in English; its codes tell which mistake it was.
    const { code } = error as NodeJS.ErrnoException;
    const option = String((error as Error).message).match(/'(-[^' ]+)/)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Opsi tidak dikenal: ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`Opsi ${option} memerlukan nilai.`);
    throw new UsageError(`Argumen tidak dapat dibaca: ${(error as Error).message}`);
  }
}

async function userAdd(db: Db, args: string[]) {
  const { values, positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('user add memerlukan satu alamat email.');
  const generated = process.env.SIARAN_USER_PASSWORD === undefined;
  const parsed = NewUserInput.safeParse({
    email: positionals[0],
    name: values.name,
    role: values.role,
    password: process.env.SIARAN_USER_PASSWORD ?? generatePassword(),
  }, indonesianIssues);
  if (!parsed.success) {
    const where = (key: PropertyKey | undefined) => (key === 'password' ? 'SIARAN_USER_PASSWORD' : key === 'email' ? 'email' : `--${String(key)}`);
    throw new UsageError(parsed.error.issues.map((issue) => `${where(issue.path[0])}: ${issue.message}`).join('\n'), false);
  }
  const user = await createUser(db, parsed.data);
  console.log(`Akun ${user.role === 'admin' ? 'admin' : 'koordinator'} ${user.email} (${user.name}) dibuat.`);
  if (generated) console.log(`Kata sandi: ${parsed.data.password}`);
}

async function userList(db: Db) {
  for (const user of await listUsers(db)) console.log(`${user.email}\t${user.role}\t${user.name}${user.disabled_at ? '\tnonaktif' : ''}`);
}

async function userResetPassword(db: Db, args: string[]) {
  const { positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('user reset-password memerlukan satu alamat email.');
  const generated = process.env.SIARAN_USER_PASSWORD === undefined;
  const password = process.env.SIARAN_USER_PASSWORD ?? generatePassword();
  const checked = NewUserInput.shape.password.safeParse(password);
  if (!checked.success) throw new UsageError('SIARAN_USER_PASSWORD: paling sedikit 8 karakter', false);
  const { email } = await resetPassword(db, positionals[0] as string, password);
  console.log(`Kata sandi baru untuk ${email} sudah dipasang; sesinya sudah diakhiri.`);
  if (generated) console.log(`Kata sandi: ${password}`);
}

async function backup(db: Db, file: string) {
  if (dialectOf(db) === 'postgres') {
    throw new Refusal('Basis datanya PostgreSQL (SIARAN_DATABASE_URL): cadangkan dengan pg_dump.');
  }
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Refusal(`${target} sudah ada; cadangan tidak pernah menimpa berkas.`);
  if (!fs.existsSync(path.dirname(target))) throw new Refusal(`Folder ${path.dirname(target)} tidak ada.`);
  // VACUUM INTO reads one snapshot of the database and writes it compacted, without touching
  // the file the server has open (the backup API would need the raw handle). It writes under a
  // temporary name, linked to the real one only when whole: a failed run (a full disk) leaves
  // no half backup to be taken for a real one, and the link fails rather than overwrite.
  const partial = `${target}.${process.pid}.partial`;
  try {
    await sql`vacuum into ${partial}`.execute(db);
    fs.linkSync(partial, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Refusal(`${target} muncul selama pencadangan; berkas itu dibiarkan.`);
    throw error;
  } finally {
    fs.rmSync(partial, { force: true });
  }
  console.log(`Dicadangkan ke ${target} (${(fs.statSync(target).size / 1024 / 1024).toFixed(1)} MiB).`);
}

async function copyCommand(db: Db, url: string, where: string) {
  const report = await copyToPostgres(db, url, where, (line) => console.log(line));
  console.log(`\n${formatReport(report)}`);
  if (report.tables.some((t) => !t.matches)) process.exitCode = 1;
}

async function searchRebuild(db: Db) {
  let shown = -1;
  await rebuildSearchIndex(db, (done, total) => {
    const tenth = Math.floor((10 * done) / Math.max(total, 1));
    if (tenth !== shown) {
      shown = tenth;
      console.log(`  ${done}/${total} dialog`);
    }
  });
  console.log('Indeks pencarian sudah dibangun ulang.');
}

interface Command {
  /** `where`: the database as messages name it. */
  run: (db: Db, where: string) => Promise<void>;
  /** Made on a database that does not exist yet (the first account before the first start). */
  createsDatabase?: boolean;
  /** Works on a database older than this code (a backup taken before an upgrade). */
  anySchema?: boolean;
}

/** The command the arguments ask for, checked before the database is opened. */
function commandFor(argv: string[]): Command {
  const [command, ...args] = argv;
  const sub = args[0];
  if (command === 'user' && sub === 'add') return { run: (db) => userAdd(db, args.slice(1)), createsDatabase: true };
  if (command === 'user' && sub === 'list' && args.length === 1) return { run: userList };
  if (command === 'user' && sub === 'reset-password') return { run: (db) => userResetPassword(db, args.slice(1)) };
  if (command === 'backup') {
    if (args.length !== 1) throw new UsageError('backup memerlukan satu nama berkas.');
    return { run: (db) => backup(db, args[0] as string), anySchema: true };
  }
  if (command === 'search' && sub === 'rebuild' && args.length === 1) return { run: searchRebuild };
  if (command === 'copy-to-postgres') {
    if (args.length !== 1) throw new UsageError('copy-to-postgres memerlukan satu alamat PostgreSQL.');
    // It checks the archive's migrations itself, to refuse in its own words.
    return { run: (db, where) => copyCommand(db, args[0] as string, where), anySchema: true };
  }
  throw new UsageError(command === undefined ? 'Tidak ada perintah.' : `Perintah tidak dikenal: ${argv.join(' ')}`);
}

async function run(argv: string[]) {
  const command = commandFor(argv);
  const config = loadConfig();
  const file = describeDatabase(config);
  // A PostgreSQL database is made by its administrator; one without our tables shows up
  // below as having every migration pending.
  const exists = config.databaseUrl !== null || fs.existsSync(file);
  // Opening a path that holds no database would quietly make an empty one and act on it.
  if (!exists && !command.createsDatabase) {
    throw new Refusal(`Tidak ada basis data di ${file} (diatur oleh SIARAN_DATABASE atau SIARAN_MEDIA_DIR).`);
  }
  const db = connectDatabase(config);
  try {
    if (!exists) {
      console.log(`Belum ada basis data di ${file}: membuatnya.`);
      await migrate(db);
    } else if (!command.anySchema) {
      // Migrating here would change the schema under a server still running older code.
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new Refusal(`Basis data di ${file} lebih tua dari kode ini (${pending.length} migrasi belum dijalankan): jalankan server sekali, yang memperbaruinya, lalu ulangi perintah ini.`);
      }
    }
    await command.run(db, file);
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    console.error(error.showUsage ? `${error.message}\n\n${usage}` : error.message);
    process.exit(2);
  }
  if (error instanceof CopyRefused) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof AppError) console.error(error.messageIn('id'));
  else console.error(error instanceof ConfigError || error instanceof CopyFailed || error instanceof Refusal ? error.message : `Gagal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
