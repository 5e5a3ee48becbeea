import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demo.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.db, t.config);
});
afterAll(() => t.close());

describe('the demo archive', () => {
  it('can be searched on a fresh start: the KIM dialogue has a transcript', async () => {
    const list = await t.call('GET', '/api/dialogues?order=desc&status=published');
    const kim = list.json.items.find((d: any) => d.title.startsWith('Peran KIM'));
    expect(kim.transcript).toEqual({ version: 1, segments: 22, language: 'id', source: 'import', reviewed: false });

    const res = await t.call('GET', '/api/search?q=penyebarluasan%20informasi');
    expect(res.json.items[0]).toMatchObject({ kind: 'segment', dialogueId: kim.id, speaker: { name: 'Elyanie' } });
    expect(res.json.items[0].snippet).toContain('<mark>penyebarluasan</mark> <mark>informasi</mark>');
    const suliwati = kim.participants.find((p: any) => p.name === 'Suliwati');
    const hoaks = await t.call('GET', `/api/search?q=hoaks&speaker=${suliwati.speakerId}`);
    expect(hoaks.json.items.length).toBeGreaterThan(0);
    expect(hoaks.json.items.every((h: any) => h.kind === 'dialogue' || h.speaker.id === suliwati.speakerId)).toBe(true);
  });
});
