// The server side of the search benchmark, in its own process so that the client's work
// does not share its event loop: the real app on the benchmark's database (an SQLite file,
// or a PostgreSQL address), with the warm-up main.ts starts after listening run to its end
// before the first request.
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/connection.ts';
import { prewarmSearch } from '../../src/search/prewarm.ts';

const address = process.argv[2] as string;
const onPostgres = /^postgres(ql)?:\/\//.test(address);
const config = loadConfig({ ...(onPostgres ? { SIARAN_DATABASE_URL: address } : { SIARAN_DATABASE: address }), SIARAN_DEMO: '0' });
const db = connectDatabase(config);
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
