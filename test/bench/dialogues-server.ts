// The server side of the dialogues benchmark, in its own process so the load generator
// does not share its event loop: the real app on a seeded database, and a bare Hono app
// returning a fixed JSON, on two ports. The database is an SQLite file in a temp folder,
// or the PostgreSQL database whose address is the first argument (made and dropped by the
// benchmark).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Insertable, sql } from 'kysely';
import { createApp } from '../../src/app.ts';
import { createUser, login } from '../../src/auth/auth.service.ts';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase, dialectOf } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { DialogueParticipantTable, DialogueTable, DialogueTopicTable } from '../../src/db/schema.ts';

const DIALOGUES = Number(process.env.BENCH_DIALOGUES ?? 10_000);
const STATIONS = 20;
const BATCH = 500;
const postgresUrl = process.argv[2];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-bench-'));
const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0', ...(postgresUrl ? { SIARAN_DATABASE_URL: postgresUrl } : {}) });
const db = connectDatabase(config);
await migrate(db);

const now = new Date().toISOString();
const stations = Array.from({ length: STATIONS }, (_, i) => ({
  id: randomUUID(), name: `RRI ${i}`, slug: `rri-${i}`, timezone: i % 3 === 0 ? 'Asia/Makassar' : 'Asia/Jakarta', recorder_id: null, created_at: now, updated_at: now,
}));
const speakers = Array.from({ length: 200 }, (_, i) => ({
  id: randomUUID(), name: `Narasumber ${i}`, position: null, organisation: null, email: null, phone: null, bio: null, created_at: now, updated_at: now,
}));
const topic = { id: randomUUID(), name: 'KIM', slug: 'kim', created_at: now };
// Three one-hour dialogues a day on every station, from 2026-01-01 (UTC).
const perStation = Math.ceil(DIALOGUES / STATIONS);
const dialogues: Insertable<DialogueTable>[] = [];
const participants: DialogueParticipantTable[] = [];
const topics: DialogueTopicTable[] = [];
for (let s = 0; s < STATIONS; s++) {
  for (let k = 0; k < perStation; k++) {
    const start = Date.UTC(2026, 0, 1) + Math.floor(k / 3) * 86_400_000 + (2 + (k % 3) * 3) * 3_600_000;
    const id = randomUUID();
    dialogues.push({
      id, title: `Dialog ${s}-${k}`, description: 'Dialog interaktif', station_id: (stations[s] as { id: string }).id, program_id: null, series_id: null,
      starts_at: new Date(start).toISOString(), ends_at: new Date(start + 3_600_000).toISOString(), status: 'published' as const, created_at: now, updated_at: now,
    });
    participants.push(
      { dialogue_id: id, speaker_id: (speakers[(s * 7 + k) % 200] as { id: string }).id, role: 'speaker' as const, response: 'confirmed' as const, responded_at: now },
      { dialogue_id: id, speaker_id: (speakers[(s * 7 + k + 1) % 200] as { id: string }).id, role: 'host' as const, response: 'confirmed' as const, responded_at: now },
    );
    topics.push({ dialogue_id: id, topic_id: topic.id });
  }
}
const seedStarted = performance.now();
// Multi-row inserts: one round trip per batch, which matters to a server over a socket.
await db.transaction().execute(async (trx) => {
  await trx.insertInto('stations').values(stations).execute();
  await trx.insertInto('speakers').values(speakers).execute();
  await trx.insertInto('topics').values(topic).execute();
  for (let i = 0; i < dialogues.length; i += BATCH) await trx.insertInto('dialogues').values(dialogues.slice(i, i + BATCH)).execute();
  for (let i = 0; i < participants.length; i += BATCH) await trx.insertInto('dialogue_participants').values(participants.slice(i, i + BATCH)).execute();
  for (let i = 0; i < topics.length; i += BATCH) await trx.insertInto('dialogue_topics').values(topics.slice(i, i + BATCH)).execute();
});
// A server in use has its planner statistics from autovacuum; a table loaded a moment ago
// has none yet, and the planner would guess. SQLite plans without statistics.
if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
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
process.send?.({ appPort: portOf(appServer), barePort: portOf(bareServer), weekUrl, token, seedMs, dialogues: STATIONS * perStation });
// The process ends with the database open: requests the load generator abandoned may still
// be running, and would fail on a closed one. The benchmark drops a PostgreSQL database with
// FORCE, which ends this process's connections if the exit has not yet.
process.on('disconnect', () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
