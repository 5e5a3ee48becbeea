import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, FILES, airedDialogue, upload } from './helpers.ts';
import { DRAFT_TEXTS, writeMachineDraft } from './machine-draft.ts';

let t: TestApp;
let s: Basics;
let dialogue: any;
let draft: number;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  dialogue = await airedDialogue(t, s);
  draft = await writeMachineDraft(t.db, dialogue.id);
});
afterEach(() => t.close());

// A null token: an anonymous caller.
const transcript = async (token: string | null = t.coordinator, version?: number) =>
  (await t.call('GET', `/api/dialogues/${dialogue.id}/transcript${version ? `?version=${version}` : ''}`, { token: token ?? undefined })).json;
const edit = (body: unknown, token: string | null = t.coordinator, id = dialogue.id) =>
  t.call('POST', `/api/dialogues/${id}/transcript/edits`, { token: token ?? undefined, body });
const versions = async () => (await t.call('GET', `/api/dialogues/${dialogue.id}/transcript/versions`, { token: t.coordinator })).json.items;
/** Hits in transcript lines (the title's hits have no segment). */
const search = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`)).json.items.filter((h: any) => h.segmentId !== null);
const ANONYMOUS = null;

describe('editing a machine draft', () => {
  it('gives coordinators the engine\'s confidence and words of each line', async () => {
    const lines = (await transcript()).segments;
    expect(lines.map((l: any) => l.text)).toEqual(DRAFT_TEXTS);
    expect(lines[1].confidence).toBeCloseTo(0.31);
    expect(lines[1].words[3]).toEqual({ text: 'Suli', startMs: expect.any(Number), endMs: expect.any(Number), confidence: 0.31 });
    expect(lines[0].speaker).toBeNull();
  });

  it('changes the text of a line in a new "edit" version that search reflects, and only that line loses its confidence', async () => {
    const before = (await transcript()).segments;
    const res = await edit({ baseVersion: draft, operations: [{ op: 'text', segmentId: before[3].id, text: '  KIM membantu  diseminasi informasi ke desa-desa. ' }] });
    expect(res.status).toBe(201);
    expect(res.json.version).toMatchObject({ version: draft + 1, source: 'edit', model: null, reviewed: false, segments: 5 });
    expect(res.json.changes).toEqual({ segments: 1, replacements: 0 });
    const after = (await transcript()).segments;
    expect(res.json.segments).toEqual(after);
    expect(after[3]).toMatchObject({ text: 'KIM membantu diseminasi informasi ke desa-desa.', confidence: null, words: null, startMs: 14_000, endMs: 21_000 });
    expect(after[2]).toMatchObject({ text: before[2].text, confidence: before[2].confidence, words: before[2].words });
    expect(after[3].id).not.toBe(before[3].id);
    expect((await search('diseminasi')).map((h: any) => h.segmentId)).toEqual([after[3].id]);
    expect(await search('dimsem')).toEqual([]);
    expect((await versions()).map((v: any) => [v.version, v.source])).toEqual([
      [draft + 1, 'edit'],
      [draft, 'machine'],
    ]);
  });

  it('assigns a participant to a run of lines in one operation, keeping their confidence', async () => {
    const before = (await transcript()).segments;
    const res = await edit({
      baseVersion: draft,
      operations: [
        { op: 'speaker', fromSegmentId: before[1].id, toSegmentId: before[3].id, speakerId: s.suliwati.id },
        { op: 'speaker', fromSegmentId: before[0].id, toSegmentId: before[0].id, speakerId: s.host.id },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.json.changes).toEqual({ segments: 4, replacements: 0 });
    const after = (await transcript()).segments;
    expect(after.map((l: any) => l.speaker?.name ?? null)).toEqual(['Rahmat', 'Suliwati', 'Suliwati', 'Suliwati', null]);
    expect(after[1].speaker).toEqual({ id: s.suliwati.id, name: 'Suliwati' });
    expect(after.map((l: any) => l.confidence)).toEqual(before.map((l: any) => l.confidence));
    // People found by who said it: the search hit names the speaker.
    expect((await search('membantu'))[0]?.speaker).toEqual({ id: s.suliwati.id, name: 'Suliwati' });

    const cleared = await edit({ baseVersion: draft + 1, operations: [{ op: 'speaker', fromSegmentId: after[0].id, toSegmentId: after[0].id, speakerId: null }] });
    expect(cleared.status).toBe(201);
    expect(cleared.json.segments[0].speaker).toBeNull();
  });

  it('replaces every whole-word occurrence of a misheard name, whatever its case, and nothing inside other words', async () => {
    const res = await edit({ baseVersion: draft, operations: [{ op: 'replace', find: 'Suli  Wati', replace: 'Suliwati' }] });
    expect(res.status).toBe(201);
    expect(res.json.changes).toEqual({ segments: 2, replacements: 2 });
    const texts = res.json.segments.map((l: any) => l.text);
    expect(texts[1]).toBe('Bersama kami Ibu Suliwati, Kepala Seksi Layanan Komunikasi Publik.');
    expect(texts[4]).toBe('Terima kasih Suliwati atas penjelasannya.');
    expect(res.json.segments[1].confidence).toBeNull();
    expect(res.json.segments[2].confidence).not.toBeNull();

    // "Wati" is no longer a word of its own anywhere: "Suliwati" does not contain it as one.
    const inside = await edit({ baseVersion: draft + 1, operations: [{ op: 'replace', find: 'Wati', replace: 'X' }] });
    expect(inside.status).toBe(400);
    expect(inside.json.error).toMatchObject({ code: 'no_match', details: { operation: 0, find: 'Wati' } });
  });

  it('matches case only when asked, and inserts the replacement as written', async () => {
    const res = await edit({ baseVersion: draft, operations: [{ op: 'replace', find: 'suli wati', replace: 'Suliwati ($&)', matchCase: true }] });
    expect(res.status).toBe(201);
    expect(res.json.changes.replacements).toBe(1);
    expect(res.json.segments[4].text).toBe('Terima kasih Suliwati ($&) atas penjelasannya.');
    expect(res.json.segments[1].text).toBe(DRAFT_TEXTS[1]);
  });

  it('applies several operations in order as one version', async () => {
    const lines = (await transcript()).segments;
    const res = await edit({
      baseVersion: draft,
      operations: [
        { op: 'replace', find: 'Ely Yani', replace: 'Elyanie' },
        { op: 'text', segmentId: lines[3].id, text: 'KIM membantu diseminasi informasi ke desa-desa.' },
        { op: 'speaker', fromSegmentId: lines[2].id, toSegmentId: lines[2].id, speakerId: s.elyanie.id },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.json.segments[2]).toMatchObject({ text: 'Dan Ibu Elyanie dari DiskominfoSantik.', speaker: { id: s.elyanie.id, name: 'Elyanie' } });
    expect(res.json.changes).toEqual({ segments: 2, replacements: 1 });
    expect((await versions()).length).toBe(2);
  });
});

describe('refused edits write nothing', () => {
  const refused = async (body: unknown, status: number, code: string, token: string | null = t.coordinator) => {
    const before = await versions();
    const res = await edit(body, token);
    expect(res.status, res.text).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(await versions()).toEqual(before);
    return res.json.error;
  };

  it('answers 409 version_changed when the base version is not the latest', async () => {
    const lines = (await transcript()).segments;
    await edit({ baseVersion: draft, operations: [{ op: 'text', segmentId: lines[0].id, text: 'Selamat pagi, pendengar.' }] });
    const error = await refused({ baseVersion: draft, operations: [{ op: 'text', segmentId: lines[1].id, text: 'Bersama kami.' }] }, 409, 'version_changed');
    expect(error.details).toEqual({ baseVersion: draft, currentVersion: draft + 1 });
  });

  it('refuses a line that is not in the base version', async () => {
    await upload(t, dialogue.id, FILES.vtt, 'text/vtt');
    const old = (await transcript(t.coordinator, draft)).segments;
    const error = await refused({ baseVersion: draft + 1, operations: [{ op: 'text', segmentId: old[0].id, text: 'Halo.' }] }, 400, 'unknown_segment');
    expect(error.details).toEqual({ operation: 0, segmentId: old[0].id });
    await refused({ baseVersion: draft + 1, operations: [{ op: 'text', segmentId: '999999', text: 'Halo.' }] }, 400, 'unknown_segment');
  });

  it('refuses a person who does not take part in the dialogue, and an unknown one', async () => {
    const lines = (await transcript()).segments;
    const stranger = await t.create('/api/speakers', { name: 'Orang Lain' });
    for (const speakerId of [stranger.id, 'no-such-person']) {
      const error = await refused({ baseVersion: draft, operations: [{ op: 'speaker', fromSegmentId: lines[0].id, toSegmentId: lines[1].id, speakerId }] }, 400, 'not_a_participant');
      expect(error.details).toEqual({ operation: 0, speakerId });
    }
  });

  it('refuses the whole request when a later operation fails', async () => {
    const lines = (await transcript()).segments;
    const error = await refused(
      { baseVersion: draft, operations: [{ op: 'text', segmentId: lines[0].id, text: 'Diubah.' }, { op: 'replace', find: 'tidak ada di sini', replace: 'x' }] },
      400,
      'no_match',
    );
    expect(error.details.operation).toBe(1);
    expect((await transcript()).segments[0].text).toBe(DRAFT_TEXTS[0]);
  });

  it('refuses edits that change nothing', async () => {
    const lines = (await transcript()).segments;
    await refused({ baseVersion: draft, operations: [{ op: 'text', segmentId: lines[0].id, text: DRAFT_TEXTS[0] }] }, 400, 'no_change');
    await refused({ baseVersion: draft, operations: [{ op: 'replace', find: 'KIM', replace: 'KIM' }] }, 400, 'no_change');
  });

  it('refuses malformed requests with the offending fields', async () => {
    const lines = (await transcript()).segments;
    const id = lines[0].id;
    await refused({ operations: [{ op: 'text', segmentId: id, text: 'x' }] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [{ op: 'delete', segmentId: id }] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [{ op: 'text', segmentId: id, text: '   ' }] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [{ op: 'text', segmentId: 'abc', text: 'x' }] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [{ op: 'replace', find: '', replace: 'x' }] }, 400, 'invalid_request');
    await refused({ baseVersion: draft, operations: [{ op: 'text', segmentId: id, text: 'x', extra: 1 }] }, 400, 'invalid_request');
    const backwards = await refused(
      { baseVersion: draft, operations: [{ op: 'speaker', fromSegmentId: lines[3].id, toSegmentId: lines[1].id, speakerId: s.suliwati.id }] },
      400,
      'invalid_request',
    );
    expect(backwards.details.fields).toEqual([{ path: 'operations.0.toSegmentId', message: 'comes before fromSegmentId' }]);
    const wrongType = await t.call('POST', `/api/dialogues/${dialogue.id}/transcript/edits`, { token: t.coordinator, rawBody: 'baseVersion=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.status).toBe(415);
  });

  it('answers 404 for an unknown dialogue and one without a transcript', async () => {
    expect((await edit({ baseVersion: 1, operations: [{ op: 'replace', find: 'a', replace: 'b' }] }, t.coordinator, 'no-such-dialogue')).status).toBe(404);
    const bare = await airedDialogue(t, s);
    const res = await edit({ baseVersion: 1, operations: [{ op: 'replace', find: 'a', replace: 'b' }] }, t.coordinator, bare.id);
    expect(res.status).toBe(404);
  });

  it('lets neither speakers (even the dialogue\'s own) nor anonymous callers edit', async () => {
    const lines = (await transcript()).segments;
    const body = { baseVersion: draft, operations: [{ op: 'text', segmentId: lines[1].id, text: 'Bersama kami Ibu Suliwati.' }] };
    await refused(body, 403, 'forbidden', await t.speakerToken(s.suliwati.id));
    await refused(body, 401, 'unauthenticated', ANONYMOUS);
  });
});

describe('reviewing a version', () => {
  const review = (n: number, token: string | null = t.coordinator) =>
    t.call('POST', `/api/dialogues/${dialogue.id}/transcript/versions/${n}/review`, { token: token ?? undefined });

  it('marks a version reviewed once, and the versions list shows it', async () => {
    expect((await versions())[0]).toMatchObject({ version: draft, reviewed: false, reviewedAt: null });
    const res = await review(draft);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: draft, source: 'machine', reviewed: true, reviewedAt: expect.any(String) });
    const again = await review(draft, t.admin);
    expect(again.json.reviewedAt).toBe(res.json.reviewedAt);
    expect((await versions())[0]).toMatchObject({ version: draft, reviewed: true, reviewedAt: res.json.reviewedAt });
    // The public sees whether it was reviewed too.
    expect((await t.call('GET', `/api/dialogues/${dialogue.id}/transcript/versions`)).json.items[0].reviewed).toBe(true);
  });

  it('answers 404 for a version that does not exist, 400 for one that cannot, and refuses speakers and anonymous callers', async () => {
    expect((await review(draft + 5)).status).toBe(404);
    expect((await t.call('POST', `/api/dialogues/${dialogue.id}/transcript/versions/zero/review`, { token: t.coordinator })).status).toBe(400);
    expect((await t.call('POST', `/api/dialogues/no-such/transcript/versions/1/review`, { token: t.coordinator })).status).toBe(404);
    expect((await review(draft, await t.speakerToken(s.suliwati.id))).status).toBe(403);
    expect((await review(draft, ANONYMOUS)).status).toBe(401);
    expect((await versions())[0].reviewed).toBe(false);
  });
});

describe('who sees the engine\'s confidence', () => {
  it('shows it to coordinators and the dialogue\'s speakers, not to the public or other speakers', async () => {
    const outsider = await t.create('/api/speakers', { name: 'Orang Lain' });
    const seen = async (token: string | null) => (await transcript(token)).segments[1];
    expect((await seen(await t.speakerToken(s.suliwati.id))).confidence).toBeCloseTo(0.31);
    expect((await seen(await t.speakerToken(s.elyanie.id))).words).toHaveLength(10);
    for (const token of [ANONYMOUS, await t.speakerToken(outsider.id)]) {
      const line = await seen(token);
      expect(line.text).toBe(DRAFT_TEXTS[1]);
      expect(line).not.toHaveProperty('confidence');
      expect(line).not.toHaveProperty('words');
    }
  });

  it('keeps the confidence of the other lines when a speaker\'s correction is accepted', async () => {
    const lines = (await transcript()).segments;
    const proposed = await t.call('POST', '/api/me/corrections', {
      token: await t.speakerToken(s.suliwati.id),
      body: { segmentId: lines[1].id, text: 'Bersama kami Ibu Suliwati, Kepala Seksi Layanan Komunikasi Publik.' },
    });
    expect((await t.call('POST', `/api/corrections/${proposed.json.id}/accept`, { token: t.coordinator })).status).toBe(200);
    const after = (await transcript()).segments;
    expect(after[1]).toMatchObject({ confidence: null, words: null });
    expect(after[3].confidence).toBe(lines[3].confidence);
    expect(after[3].words).toEqual(lines[3].words);
  });
});
