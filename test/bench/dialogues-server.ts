// The server side of the dialogues benchmark, in its own process so the load generator
// does not share its event loop: the real app on a seeded database, and a bare Hono app
// returning a fixed JSON, on two ports.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import { createUser, login } from '../../src/auth/auth.service.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';

const DIALOGUES = Number(process.env.BENCH_DIALOGUES ?? 10_000);
const STATIONS = 20;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-bench-'));
const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0' });
const db = openDatabase(config.databasePath);
await migrate(db);

const now = new Date().toISOString();
const stations = Array.from({ length: STATIONS }, (_, i) => ({
  id: randomUUID(), name: `RRI ${i}`, slug: `rri-${i}`, timezone: i % 3 === 0 ? 'Asia/Makassar' : 'Asia/Jakarta', recorder_id: null, created_at: now, updated_at: now,
}));
const speakers = Array.from({ length: 200 }, (_, i) => ({
  id: randomUUID(), name: `Narasumber ${i}`, position: null, organisation: null, email: null, phone: null, bio: null, created_at: now, updated_at: now,
}));
const topic = { id: randomUUID(), name: 'KIM', slug: 'kim', created_at: now };
const seedStarted = performance.now();
await db.transaction().execute(async (trx) => {
  await trx.insertInto('stations').values(stations).execute();
  await trx.insertInto('speakers').values(speakers).execute();
  await trx.insertInto('topics').values(topic).execute();
  // Three one-hour dialogues a day on every station, from 2026-01-01 (UTC).
  const perStation = Math.ceil(DIALOGUES / STATIONS);
  for (let s = 0; s < STATIONS; s++) {
    for (let k = 0; k < perStation; k++) {
      const start = Date.UTC(2026, 0, 1) + Math.floor(k / 3) * 86_400_000 + (2 + (k % 3) * 3) * 3_600_000;
      const id = randomUUID();
      await trx.insertInto('dialogues').values({
        id, title: `Dialog ${s}-${k}`, description: 'Dialog interaktif', station_id: (stations[s] as { id: string }).id, program_id: null, series_id: null,
        starts_at: new Date(start).toISOString(), ends_at: new Date(start + 3_600_000).toISOString(), status: 'published', created_at: now, updated_at: now,
      }).execute();
      await trx.insertInto('dialogue_participants').values([
        { dialogue_id: id, speaker_id: (speakers[(s * 7 + k) % 200] as { id: string }).id, role: 'speaker', response: 'confirmed', responded_at: now },
        { dialogue_id: id, speaker_id: (speakers[(s * 7 + k + 1) % 200] as { id: string }).id, role: 'host', response: 'confirmed', responded_at: now },
      ]).execute();
      await trx.insertInto('dialogue_topics').values({ dialogue_id: id, topic_id: topic.id }).execute();
    }
  }
});
const seedMs = performance.now() - seedStarted;

const app = createApp({ db, config });
await createUser(db, { email: 'bench@siaran.id', name: 'Bench', password: 'bench-password', role: 'coordinator' });
const { token } = await login(db, config, 'bench@siaran.id', 'bench-password');
// The bare route answers a fixed JSON of the same bytes as the measured answer, so the
// ratio measures the app's own work, not the cost of moving a bigger body.
const weekUrl = `/api/dialogues?station=${stations[1]?.id}&from=2026-03-02T00:00&to=2026-03-09T00:00`;
const fixed = JSON.parse(await (await app.request(weekUrl)).text());
const bare = new Hono().get('/bare', (c) => c.json(fixed));
const appServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
await Promise.all([appServer, bareServer].map((s) => new Promise((r) => s.once('listening', r))));
const portOf = (s: typeof appServer) => (s.address() as { port: number }).port;
process.send?.({ appPort: portOf(appServer), barePort: portOf(bareServer), weekUrl, token, seedMs, dialogues: STATIONS * Math.ceil(DIALOGUES / STATIONS) });
process.on('disconnect', () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
