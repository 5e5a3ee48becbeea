// A real app on a real, freshly migrated database, with a signed-in admin and coordinator,
// and a small call helper for app.request(). The database is an SQLite file in a temp
// folder, or under `npm run test:pg` (SIARAN_TEST_DATABASE=postgres) a PostgreSQL database
// of its own, made for the app and dropped by close().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { createSpeakerLink, createUser, login } from '../../src/auth/auth.service.ts';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Jobs } from '../../src/jobs/jobs.ts';
import type { TranscriptionSetup } from '../../src/transcription/transcription.service.ts';
import { createScratchPostgres } from './postgres.ts';

/** Whether this run's tests use PostgreSQL (`npm run test:pg`) rather than SQLite. */
export const onPostgres = process.env.SIARAN_TEST_DATABASE === 'postgres';

export type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: BodyInit };

/**
 * `transcription`: an engine to transcribe attached audio with (none: transcription is off).
 * `database`: this one whatever the run (a test comparing the two), else the run's.
 */
export async function createTestApp(env: Record<string, string> = {}, opts: { transcription?: TranscriptionSetup; database?: 'sqlite' | 'postgres' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-test-'));
  const scratch = (opts.database ?? (onPostgres ? 'postgres' : 'sqlite')) === 'postgres' ? await createScratchPostgres() : null;
  const prepared = await (async () => {
    const config = loadConfig({ SIARAN_MEDIA_DIR: dir, SIARAN_DEMO: '0', ...(scratch ? { SIARAN_DATABASE_URL: scratch.url } : {}), ...env });
    const db = connectDatabase(config);
    await migrate(db);
    return { config, db };
  })().catch(async (error) => {
    // Settings a test expects refused (or a failed migration) leave no database behind.
    await scratch?.drop();
    throw error;
  });
  const { config, db } = prepared;
  const jobs = new Jobs(db, config, opts.transcription ?? null);
  const app = createApp({ db, config, jobs });

  await createUser(db, { email: 'admin@test.id', name: 'Admin', password: 'admin-password', role: 'admin' });
  await createUser(db, { email: 'coord@test.id', name: 'Koordinator', password: 'coord-password', role: 'coordinator' });
  const admin = (await login(db, config, 'admin@test.id', 'admin-password')).token;
  const coordinator = (await login(db, config, 'coord@test.id', 'coord-password')).token;

  async function call(method: string, url: string, opts: CallOptions = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(url, { method, headers, body });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** Creates through the API as the coordinator and returns the JSON, failing loudly otherwise. */
  async function create(url: string, body: unknown): Promise<any> {
    const res = await call('POST', url, { token: coordinator, body });
    if (res.status !== 201) throw new Error(`POST ${url} → ${res.status} ${res.text}`);
    return res.json;
  }

  const speakerToken = async (speakerId: string) => (await createSpeakerLink(db, config, speakerId)).token;

  async function close() {
    await jobs.stop();
    await db.destroy();
    await scratch?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return { app, db, config, jobs, dir, call, create, admin, coordinator, speakerToken, close };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A station (WIB), a programme, three people and two topics: enough to book dialogues. */
export async function seedBasics(t: TestApp) {
  const station = await t.create('/api/stations', { name: 'RRI Palangka Raya', timezone: 'Asia/Jakarta' });
  const other = await t.create('/api/stations', { name: 'RRI Jayapura', timezone: 'Asia/Jayapura' });
  const program = await t.create('/api/programs', { stationId: station.id, title: 'Dialog Interaktif' });
  const suliwati = await t.create('/api/speakers', { name: 'Suliwati', position: 'Kepala Seksi', email: 'suli@example.id', phone: '+62 811 000' });
  const elyanie = await t.create('/api/speakers', { name: 'Elyanie', email: 'ely@example.id' });
  const host = await t.create('/api/speakers', { name: 'Rahmat', email: 'rahmat@example.id' });
  await t.create('/api/topics', { name: 'KIM', slug: 'kim' });
  await t.create('/api/topics', { name: 'Hoaks', slug: 'hoaks' });
  return { station, other, program, suliwati, elyanie, host };
}

export const booking = (stationId: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) => ({
  title: 'Dialog',
  stationId,
  startsAt,
  endsAt,
  ...extra,
});
