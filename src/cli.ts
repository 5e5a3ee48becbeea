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
import { ConfigError, loadConfig } from './config.ts';
import { type Db, connectDatabase, describeDatabase, dialectOf } from './db/connection.ts';
import { CopyFailed, CopyRefused, copyToPostgres, formatReport } from './db/copy-to-postgres.ts';
import { migrate, pendingMigrations } from './db/migrate.ts';
import { AppError } from './errors.ts';
import { rebuildSearchIndex } from './search/search.index.ts';

const usage = `Usage: npm run siaran -- <command>

  user add <email> --name <name> [--role coordinator|admin]
      Creates an account (a coordinator unless --role admin). The password is read from
      SIARAN_USER_PASSWORD (at least 8 characters), else generated and printed once.
      Where there is no database yet, it makes one: the account can exist before the first start.
  user list
      Lists the accounts.
  user reset-password <email>
      Gives the account a new password and ends its sessions. The password is read from
      SIARAN_USER_PASSWORD (at least 8 characters), else generated and printed once.
  backup <file>
      Writes a consistent copy of the database to a new file, also while the server runs.
      Audio is not in it: copy media/dialogues and media/recordings beside it. Works on a
      database older than this code (the others ask for the server to have started once).
  search rebuild
      Indexes every transcript again (after a change to the analysis of Indonesian). Stop
      the server first: search finds only part of the archive until the rebuild ends, and
      a transcript imported meanwhile would skew the word counts ranking relies on.
  copy-to-postgres <url>
      Copies the SQLite archive (SIARAN_DATABASE or the media folder's) into the empty
      PostgreSQL database at <url> (postgres://user@host:5432/name): migrates it, copies
      every table in one transaction (a failure leaves it empty), rebuilds the search
      index there, and prints each table's rows and checksum on both sides; exits 1 if
      any differ. Refuses a database that holds rows, and an archive older than this code
      (start the server once first). Stop the server first: what it writes after the copy
      began is not copied. Media files are not copied: every instance mounts the same
      storage root. Its messages are in Indonesian.`;

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
    // parseArgs says what is wrong with an option (unknown, or missing its value).
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function userAdd(db: Db, args: string[]) {
  const { values, positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('user add takes one email address.');
  const generated = process.env.SIARAN_USER_PASSWORD === undefined;
  const parsed = NewUserInput.safeParse({
    email: positionals[0],
    name: values.name,
    role: values.role,
    password: process.env.SIARAN_USER_PASSWORD ?? generatePassword(),
  });
  if (!parsed.success) {
    const where = (key: PropertyKey | undefined) => (key === 'password' ? 'SIARAN_USER_PASSWORD' : key === 'email' ? 'email' : `--${String(key)}`);
    throw new UsageError(parsed.error.issues.map((issue) => `${where(issue.path[0])}: ${issue.message}`).join('\n'), false);
  }
  const user = await createUser(db, parsed.data);
  console.log(`Created ${user.role} ${user.email} (${user.name}).`);
  if (generated) console.log(`Password: ${parsed.data.password}`);
}

async function userList(db: Db) {
  for (const user of await listUsers(db)) console.log(`${user.email}\t${user.role}\t${user.name}${user.disabled_at ? '\tdisabled' : ''}`);
}

async function userResetPassword(db: Db, args: string[]) {
  const { positionals } = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('user reset-password takes one email address.');
  const generated = process.env.SIARAN_USER_PASSWORD === undefined;
  const password = process.env.SIARAN_USER_PASSWORD ?? generatePassword();
  const checked = NewUserInput.shape.password.safeParse(password);
  if (!checked.success) throw new UsageError('SIARAN_USER_PASSWORD: must be at least 8 characters', false);
  const { email } = await resetPassword(db, positionals[0] as string, password);
  console.log(`New password set for ${email}; its sessions have ended.`);
  if (generated) console.log(`Password: ${password}`);
}

async function backup(db: Db, file: string) {
  if (dialectOf(db) === 'postgres') {
    throw new AppError(409, 'not_sqlite', 'The database is PostgreSQL (SIARAN_DATABASE_URL): back it up with pg_dump.');
  }
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new AppError(409, 'exists', `${target} exists already; a backup never overwrites a file.`);
  if (!fs.existsSync(path.dirname(target))) throw new AppError(404, 'no_folder', `The folder ${path.dirname(target)} does not exist.`);
  // VACUUM INTO reads one snapshot of the database and writes it compacted, without touching
  // the file the server has open (the backup API would need the raw handle). It writes under a
  // temporary name, linked to the real one only when whole: a failed run (a full disk) leaves
  // no half backup to be taken for a real one, and the link fails rather than overwrite.
  const partial = `${target}.${process.pid}.partial`;
  try {
    await sql`vacuum into ${partial}`.execute(db);
    fs.linkSync(partial, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError(409, 'exists', `${target} appeared during the backup; it was left alone.`);
    throw error;
  } finally {
    fs.rmSync(partial, { force: true });
  }
  console.log(`Backed up to ${target} (${(fs.statSync(target).size / 1024 / 1024).toFixed(1)} MiB).`);
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
      console.log(`  ${done}/${total} dialogues`);
    }
  });
  console.log('Search index rebuilt.');
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
    if (args.length !== 1) throw new UsageError('backup takes one file name.');
    return { run: (db) => backup(db, args[0] as string), anySchema: true };
  }
  if (command === 'search' && sub === 'rebuild' && args.length === 1) return { run: searchRebuild };
  if (command === 'copy-to-postgres') {
    if (args.length !== 1) throw new UsageError('copy-to-postgres memerlukan satu alamat PostgreSQL.');
    // It checks the archive's migrations itself, to refuse in its own words.
    return { run: (db, where) => copyCommand(db, args[0] as string, where), anySchema: true };
  }
  throw new UsageError(command === undefined ? 'No command given.' : `Unknown command: ${argv.join(' ')}`);
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
    throw new AppError(404, 'no_database', `There is no database at ${file} (set by SIARAN_DATABASE or SIARAN_MEDIA_DIR).`);
  }
  const db = connectDatabase(config);
  try {
    if (!exists) {
      console.log(`No database at ${file}: creating it.`);
      await migrate(db);
    } else if (!command.anySchema) {
      // Migrating here would change the schema under a server still running older code.
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new AppError(409, 'older_database', `The database at ${file} is older than this code (${pending.length} migration(s) to apply): start the server once, which brings it up to date, then run this again.`);
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
  console.error(error instanceof ConfigError || error instanceof AppError || error instanceof CopyFailed ? error.message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
