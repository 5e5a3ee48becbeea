// Transcripts imported at the same moment are all indexed, each line under an id of its
// own. On PostgreSQL the imports run side by side on several connections (and instances),
// and each takes the next search document ids: without a lock two would take the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

let t: TestApp;
let s: Basics;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterAll(() => t.close());

describe('indexing at the same moment', () => {
  it('indexes every one of 8 transcripts imported at once', async () => {
    const dialogues = [];
    for (let i = 0; i < 8; i++) dialogues.push(await airedDialogue(t, s, 'published'));
    const results = await Promise.all(
      dialogues.map((d, i) => upload(t, d.id, `Rahmat: Jembatan nomor ${i} diresmikan bersama warga.\nElyanie: Warga menyambut jembatan itu.\n`, 'text/plain')),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const found = (await t.call('GET', '/api/search?q=jembatan&limit=50')).json.items;
    expect(new Set(found.map((i: any) => i.dialogueId)).size).toBe(8);
    expect(found).toHaveLength(16);
  });
});
