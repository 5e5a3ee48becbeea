// The groundwork migration rebuilds transcript_versions (SQLite cannot change a CHECK): a
// database with transcripts must come through it with every version, segment and correction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate, migratorFor } from '../../src/db/migrate.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it('keeps every version, segment and correction of an older database, and accepts machine versions after it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-migration-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'old.db'));
  const result = await migratorFor(db).migrateTo('2026_11_29_000000_search_published');
  expect(result.error).toBeUndefined();
  const at = '2021-09-08T03:00:00.000Z';
  const raw = db as any;
  await raw.insertInto('stations').values({ id: 's', name: 'RRI', slug: 'rri', timezone: 'Asia/Jakarta', created_at: at, updated_at: at }).execute();
  await raw.insertInto('speakers').values({ id: 'p', name: 'Suliwati', created_at: at, updated_at: at }).execute();
  await raw
    .insertInto('dialogues')
    .values({ id: 'd', title: 'KIM', station_id: 's', starts_at: '2021-09-08T02:00:00.000Z', ends_at: at, status: 'aired', created_at: at, updated_at: at })
    .execute();
  await raw
    .insertInto('transcript_versions')
    .values([
      { id: 'v1', dialogue_id: 'd', version: 1, created_at: at, actor: 'a', reason: 'import', source_format: 'vtt', correction_id: null, language: 'id', segment_count: 2 },
      { id: 'v2', dialogue_id: 'd', version: 2, created_at: at, actor: 'a', reason: 'correction', source_format: null, correction_id: 'c1', language: 'id', segment_count: 1 },
    ])
    .execute();
  await raw
    .insertInto('transcript_segments')
    .values([
      { version_id: 'v1', dialogue_id: 'd', ordinal: 0, start_ms: 0, end_ms: 1000, text: 'satu', speaker_id: 'p' },
      { version_id: 'v1', dialogue_id: 'd', ordinal: 1, start_ms: 1000, end_ms: 2000, text: 'dua' },
      { version_id: 'v2', dialogue_id: 'd', ordinal: 0, start_ms: 0, end_ms: 1000, text: 'satu lagi' },
    ])
    .execute();
  await raw
    .insertInto('transcript_corrections')
    .values({ id: 'c1', dialogue_id: 'd', segment_id: 1, speaker_id: 'p', text: 'satu lagi', status: 'accepted', created_at: at })
    .execute();

  await migrate(db);

  const versions = await raw.selectFrom('transcript_versions').select(['id', 'source', 'model', 'reviewed_at']).orderBy('version').execute();
  expect(versions).toEqual([
    { id: 'v1', source: 'import', model: null, reviewed_at: null },
    { id: 'v2', source: 'correction', model: null, reviewed_at: null },
  ]);
  expect(await raw.selectFrom('transcript_segments').select(['text', 'confidence']).orderBy('id').execute()).toEqual([
    { text: 'satu', confidence: null },
    { text: 'dua', confidence: null },
    { text: 'satu lagi', confidence: null },
  ]);
  expect((await raw.selectFrom('transcript_corrections').selectAll().execute()).length).toBe(1);
  // The rebuilt table still owns its segments: deleting a version takes them along.
  await raw.deleteFrom('transcript_versions').where('id', '=', 'v2').execute();
  expect((await raw.selectFrom('transcript_segments').selectAll().execute()).length).toBe(2);
  await raw
    .insertInto('transcript_versions')
    .values({ id: 'v3', dialogue_id: 'd', version: 3, created_at: at, actor: 'system:asr', source: 'machine', model: 'ggml-small.bin', language: 'id', segment_count: 0 })
    .execute();
  await expect(
    raw.insertInto('transcript_versions').values({ id: 'v4', dialogue_id: 'd', version: 4, created_at: at, actor: 'x', source: 'machine', language: 'id', segment_count: 0 }).execute(),
  ).rejects.toThrow(/CHECK/);
  expect((await db.selectFrom('stations').select(['transcript_policy', 'asr_language']).executeTakeFirstOrThrow())).toEqual({ transcript_policy: 'publish', asr_language: 'id' });
  await db.destroy();
});
