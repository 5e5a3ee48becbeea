// Start: config → database → migrations → first account and demo data → app → listen.
// SIGTERM/SIGINT stop taking requests, let running ones finish, then close the database.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ensureFirstAdmin } from './auth/auth.service.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { loadDemoData } from './demo/demo.ts';

async function main() {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  await migrate(db);
  const admin = await ensureFirstAdmin(db, config);
  if (config.demo && (await loadDemoData(db))) console.log('Loaded the demo archive (SIARAN_DEMO=0 turns this off).');

  const app = createApp({ db, config });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Siaran is listening on ${config.publicUrl} (port ${info.port}); database ${config.databasePath}`);
    if (admin) {
      console.log(`First coordinator account: ${admin.email} / ${admin.password}`);
      if (admin.generated) console.log('(generated password: set SIARAN_ADMIN_PASSWORD to choose it, and change it after signing in)');
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close(async () => {
      await db.destroy();
      process.exit(0);
    });
    // Keep-alive connections would hold close() open forever.
    setTimeout(() => process.exit(0), 10_000).unref();
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Siaran could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
