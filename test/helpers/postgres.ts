// Scratch PostgreSQL databases for `npm run test:pg`: each test app gets one of its own,
// made from the server's maintenance database and dropped when the app closes, so runs
// never see each other's rows and leave nothing behind.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server and the database to create scratch databases from (trust auth on this project's machines and CI). */
export const postgresAdminUrl = process.env.SIARAN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createScratchPostgres(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `siaran_t_${randomBytes(6).toString('hex')}`;
  // template0: nothing a developer added to template1 leaks in.
  await asAdmin((c) => c.query(`create database ${name} template template0 encoding 'UTF8'`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a connection a test left open must not keep the database alive.
    drop: () => asAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
