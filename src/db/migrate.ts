// Applies the Kysely migrations, shared by start-up, the CLI and tests.
// One folder per dialect (migrations/sqlite, migrations/postgres), twins with the same names,
// chosen when the migrator is made: Kysely's maintainers advise it, since a migration cannot
// know its dialect (kysely#1191). See migrations/README.md for adding one.
// A provider of our own instead of FileMigrationProvider: it imports by file URL, which
// works the same under tsx and vitest without inlining kysely.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { type Dialect, dialectOf } from './connection.ts';

export const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
export const migrationsDir = (dialect: Dialect) => path.join(migrationsRoot, dialect);

const MIGRATION_FILE = /^\d{4}_\d{2}_\d{2}_\d{6}_.+\.ts$/;

/** Migration files in a folder, by name. */
export async function migrationFiles(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
}

class MigrationFolder implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    // A migration left at the top would run on neither database: say so rather than skip it.
    const stray = await migrationFiles(migrationsRoot);
    if (stray.length > 0) {
      throw new Error(`migrations/${stray[0]} belongs in migrations/sqlite/, with its twin in migrations/postgres/ (migrations/README.md)`);
    }
    const files = await migrationFiles(this.folder);
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.ts$/, '')] = await import(pathToFileURL(path.join(this.folder, file)).href);
    }
    return migrations;
  }
}

export const migratorFor = (db: Kysely<any>) => new Migrator({ db, provider: new MigrationFolder(migrationsDir(dialectOf(db))) });

export async function migrate(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this code has that the database has not had yet. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  return (await migratorFor(db).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
