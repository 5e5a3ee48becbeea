// The bare full-text query behind the smallest HTTP server the app's stack makes: what a
// search costs through HTTP when it does nothing but ask the index, to read the app's
// figures against. The search benchmark forks it with the database's address.
// - SQLite: FTS5's `MATCH … ORDER BY rank LIMIT 20` (bm25), as the app reads the file.
// - PostgreSQL: the same question, `document @@ tsquery ORDER BY ts_rank(…) DESC LIMIT 20`.
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';

const address = process.argv[2] as string;
let query: (match: string) => Promise<unknown[]>;
let close: () => Promise<void>;
if (/^postgres(ql)?:\/\//.test(address)) {
  const client = new pg.Client({ connectionString: address });
  await client.connect();
  query = async (match) =>
    (await client.query({
      name: 'bare',
      text: 'select rowid from search_fts where document @@ $1::tsquery order by ts_rank(document, $1::tsquery) desc limit 20',
      values: [match],
      rowMode: 'array',
    })).rows.map((r) => r[0]);
  close = () => client.end();
} else {
  const sqlite = new SQLite(address, { readonly: true });
  // Read as the app reads it (db/connection.ts).
  sqlite.pragma('mmap_size = 2147483648');
  const bare = sqlite.prepare('select rowid from search_fts where search_fts match ? order by rank limit 20').pluck();
  query = async (match) => bare.all(match);
  close = async () => {
    sqlite.close();
  };
}
const app = new Hono().get('/', async (c) => c.json({ ids: await query(c.req.query('match') ?? '') }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on('disconnect', async () => {
  server.close();
  await close();
  process.exit(0);
});
