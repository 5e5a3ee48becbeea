// The bare FTS5 query (`MATCH … ORDER BY rank LIMIT 20`) behind the smallest HTTP server
// the app's stack makes: what a search costs through HTTP when it does nothing but ask
// the index, to read the app's figures against. The search benchmark forks it.
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';

const sqlite = new SQLite(process.argv[2] as string, { readonly: true });
// Read as the app reads it (db/connection.ts).
sqlite.pragma('mmap_size = 2147483648');
const bare = sqlite.prepare('select rowid from search_fts where search_fts match ? order by rank limit 20').pluck();
const app = new Hono().get('/', (c) => c.json({ ids: bare.all(c.req.query('match') ?? '') }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on('disconnect', () => {
  server.close();
  sqlite.close();
  process.exit(0);
});
