// The server side of the search benchmark, in its own process so that the client's work
// does not share its event loop: the real app on the benchmark's database file, with the
// warm-up main.ts starts after listening run to its end before the first request.
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { prewarmSearch } from '../../src/search/prewarm.ts';

const file = process.argv[2] as string;
const config = loadConfig({ SIARAN_DATABASE: file, SIARAN_DEMO: '0' });
const db = openDatabase(file);
const app = createApp({ db, config });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', async () => {
  const warm = await prewarmSearch(db);
  process.send?.({ port: (server.address() as { port: number }).port, warmMs: warm.ms });
});
process.on('disconnect', () => {
  server.close();
  void db.destroy().then(() => process.exit(0));
});
