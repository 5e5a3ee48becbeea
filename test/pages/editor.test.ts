import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue } from '../transcripts/helpers.ts';
import { DRAFT_TEXTS, writeMachineDraft } from '../transcripts/machine-draft.ts';
import { attachAudio, browser, csrfOf } from './helpers.ts';

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

const editorUrl = () => `/console/dialogues/${dialogue.id}/transcript/edit`;
const staff = () => browser(t, { session: t.coordinator });
const lines = async () => (await t.call('GET', `/api/dialogues/${dialogue.id}/transcript`, { token: t.coordinator })).json.segments;
const versions = async () => (await t.call('GET', `/api/dialogues/${dialogue.id}/transcript/versions`, { token: t.coordinator })).json.items;

/** Opens the console's editor and posts one of its forms, as a browser without JavaScript would. */
async function submit(path: string, form: Record<string, string | string[]>) {
  const page = await staff().get(editorUrl());
  return staff().post(`${editorUrl()}${path}`, { _csrf: csrfOf(page.html), base: String(draft), ...form });
}

describe("the console's line editor", () => {
  it('shows every line with its time, speaker, text and a link to its span, the doubtful words marked, in Indonesian', async () => {
    const page = await staff().get(editorUrl());
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Sunting transkrip: Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi</h1>');
    expect(page.html).toContain(`Versi ${draft} · transkrip otomatis (model ggml-small.bin) · Belum diperiksa`);
    for (const [i, text] of DRAFT_TEXTS.entries()) {
      expect(page.html).toContain(`<textarea id="text-${i + 1}" name="text" rows="2" required="" maxlength="10000">${text}</textarea>`);
    }
    expect(page.html).toContain('Bersama kami Ibu <mark class="doubt" data-from="17" data-to="21">Suli</mark> <mark class="doubt" data-from="22" data-to="26">Wati</mark>, Kepala');
    expect(page.html.match(/<mark class="doubt"/g)).toHaveLength(4);
    expect(page.html).toContain('Pembicara belum diketahui');
    expect(page.html).toContain('<kbd>Alt+N</kbd>');
    expect(page.html).toContain('keyakinan di bawah 60%');
    for (const label of ['Ganti semua', 'Tetapkan pembicara', 'Tandai sudah diperiksa']) expect(page.html).toContain(label);
    // Every line's checkbox belongs to the assign form, so ticking works without JavaScript.
    expect(page.html.match(/<input type="checkbox" form="assign-form" name="line"/g)).toHaveLength(5);

    const english = await staff().get(`${editorUrl()}?lang=en`);
    expect(english.html).toContain('<h1>Edit the transcript: ');
    expect(english.html).toContain('Speaker not known yet');
    expect(english.html).toContain('Replace all');

    const dialoguePage = await staff().get(`/console/dialogues/${dialogue.id}`);
    expect(dialoguePage.html).toContain(`<a href="${editorUrl()}">Sunting transkrip</a>`);
  });

  it('links each line to its span of the recording once there is audio, and says so when there is none', async () => {
    expect((await staff().get(editorUrl())).html).toContain('Rekaman belum tersedia: baris tidak dapat diputar.');
    await attachAudio(t, dialogue.id, 30);
    const page = await staff().get(editorUrl());
    const src = /<audio id="editor-audio" controls="" preload="metadata" src="([^"]+)"/.exec(page.html)?.[1] as string;
    expect(src).toMatch(/^\/media\/dialogues\/.+\.opus\?v=/);
    expect(page.html).toContain(`<a class="time play" href="${src}#t=4,9"><span class="vh">Putar baris 2: </span>0:04</a>`);
    expect((await t.app.request(src, { headers: { cookie: `siaran_session=${t.coordinator}`, range: 'bytes=0-99' } })).status).toBe(206);

    const token = await t.speakerToken(s.suliwati.id);
    const portal = await browser(t).get(`/s/${token}/dialog/${dialogue.id}/edit`);
    expect(portal.html).toContain(`src="/s/${token}${src}"`);
    expect((await t.app.request(`/s/${token}${src}`, { headers: { range: 'bytes=0-99' } })).status).toBe(206);
  }, 120_000);

  it('sends anonymous visitors to sign in and shows speakers nothing', async () => {
    const anonymous = await browser(t).get(editorUrl());
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/console/login?next=${encodeURIComponent(editorUrl())}`);
  });

  it('saves a line as a new version and returns to that line', async () => {
    const before = await lines();
    const res = await submit(`/lines/${before[3].id}`, { text: 'KIM membantu diseminasi informasi ke desa-desa.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${editorUrl()}?done=saved#text-4`);
    const after = await lines();
    expect(after[3]).toMatchObject({ text: 'KIM membantu diseminasi informasi ke desa-desa.', confidence: null });
    expect((await versions())[0]).toMatchObject({ version: draft + 1, source: 'edit' });
    const page = await staff().get(`${editorUrl()}?done=saved`);
    expect(page.html).toContain('Baris tersimpan sebagai versi baru.');
    expect(page.html.match(/<mark class="doubt"/g)).toHaveLength(3);
  });

  it('refuses a save made on an older version, in words, and writes nothing', async () => {
    const before = await lines();
    const page = await staff().get(editorUrl());
    await submit(`/lines/${before[0].id}`, { text: 'Selamat pagi, pendengar.' });
    const stale = await staff().post(`${editorUrl()}/lines/${before[1].id}`, { _csrf: csrfOf(page.html), base: String(draft), text: 'Bersama kami.' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Transkrip sudah berubah sejak halaman ini dibuka');
    expect((await lines())[1].text).toBe(DRAFT_TEXTS[1]);
    expect(await versions()).toHaveLength(2);
  });

  it('replaces a misheard name everywhere from the "Ganti semua" form', async () => {
    const res = await submit('/replace', { find: 'Suli Wati', replace: 'Suliwati' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${editorUrl()}?done=replaced&n=2`);
    expect((await lines()).map((l: any) => l.text).filter((text: string) => text.includes('Suliwati'))).toHaveLength(2);
    expect((await staff().get(`${editorUrl()}?done=replaced&n=2`)).html).toContain('2 kemunculan diganti');
    const page = await staff().get(editorUrl());
    const missing = await staff().post(`${editorUrl()}/replace`, { _csrf: csrfOf(page.html), base: String(draft + 1), find: 'Gubernur', replace: 'Wakil Gubernur' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Kata itu tidak ditemukan sebagai kata utuh di transkrip.');
  });

  it('assigns a person to the ticked lines, a run at a time, or to the lines from–to', async () => {
    const ids = (await lines()).map((l: any) => l.id);
    const ticked = await submit('/assign', { speakerId: s.suliwati.id, line: [ids[1], ids[2], ids[4]] });
    expect(ticked.status).toBe(303);
    expect(ticked.headers.get('location')).toBe(`${editorUrl()}?done=assigned#text-2`);
    expect((await lines()).map((l: any) => l.speaker?.name ?? null)).toEqual([null, 'Suliwati', 'Suliwati', null, 'Suliwati']);
    expect(await versions()).toHaveLength(2);

    const page = await staff().get(editorUrl());
    const numbered = await staff().post(`${editorUrl()}/assign`, { _csrf: csrfOf(page.html), base: String(draft + 1), speakerId: s.host.id, from: '1', to: '2' });
    expect(numbered.status).toBe(303);
    expect((await lines()).map((l: any) => l.speaker?.name ?? null)).toEqual(['Rahmat', 'Rahmat', 'Suliwati', null, 'Suliwati']);
  });

  it('explains an assignment without lines, with lines that do not exist, or of a stranger', async () => {
    const stranger = await t.create('/api/speakers', { name: 'Orang Lain' });
    const none = await submit('/assign', { speakerId: s.suliwati.id });
    expect(none.status).toBe(400);
    expect(none.html).toContain('Pilih baris: centang baris, atau isi nomor baris dari–sampai.');
    const outside = await submit('/assign', { speakerId: s.suliwati.id, from: '4', to: '9' });
    expect(outside.status).toBe(400);
    expect(outside.html).toContain('Nomor baris tidak ada di transkrip ini.');
    const strangerRes = await submit('/assign', { speakerId: stranger.id, from: '1', to: '1' });
    expect(strangerRes.status).toBe(400);
    expect(strangerRes.html).toContain('Orang itu bukan peserta dialog ini.');
    expect(await versions()).toHaveLength(1);
  });

  it('marks the version reviewed', async () => {
    const res = await submit('/review', { version: String(draft) });
    expect(res.status).toBe(303);
    expect((await versions())[0].reviewed).toBe(true);
    const page = await staff().get(`${editorUrl()}?done=reviewed`);
    expect(page.html).toContain('Versi ini ditandai sudah diperiksa.');
    expect(page.html).toContain('Sudah diperiksa (');
    expect(page.html).not.toContain('Tandai sudah diperiksa</button>');
  });

  it('refuses a form without its cross-site token', async () => {
    const before = await lines();
    const res = await staff().post(`${editorUrl()}/lines/${before[0].id}`, { base: String(draft), text: 'Palsu.' });
    expect(res.status).toBe(403);
    expect(await versions()).toHaveLength(1);
  });
});

describe('a draft without engine confidences, as the whisper.cpp binding writes it', () => {
  it("marks the words neither the root-word list nor the dialogue's schedule knows, until the version is reviewed", async () => {
    const bare = await writeMachineDraft(t.db, dialogue.id, 'ggml-small.bin', false);
    const page = await staff().get(editorUrl());
    expect(page.html).toContain(`Versi ${bare} · transkrip otomatis`);
    const marked = [...page.html.matchAll(/<mark class="doubt"[^>]*>([^<]*)<\/mark>/g)].map((m) => m[1]);
    // The misheard names, an organisation the schedule does not spell and the made-up word;
    // never ordinary Indonesian ("pendengar", "penjelasannya", "desa-desa") nor what the
    // schedule spells (Palangka, KIM). "Suli" happens to be an Indonesian root word, so only
    // "Wati" of "Suli Wati" is marked: one mark is enough to stop the reader there.
    expect(marked).toEqual(['Wati', 'Ely', 'Yani', 'DiskominfoSantik', 'dimsem', 'wati']);
    expect(page.html).toContain('tidak ada di daftar kata dasar bahasa Indonesia maupun di jadwal dialog ini');

    // A word the coordinator adds to the schedule is no longer doubted.
    expect((await t.call('POST', '/api/glossary', { token: t.coordinator, body: { term: 'Dimsem', expansion: 'diseminasi' } })).status).toBe(201);
    expect([...(await staff().get(editorUrl())).html.matchAll(/<mark class="doubt"[^>]*>([^<]*)<\/mark>/g)].map((m) => m[1])).not.toContain('dimsem');

    expect((await t.call('POST', `/api/dialogues/${dialogue.id}/transcript/versions/${bare}/review`, { token: t.coordinator })).status).toBe(200);
    const reviewed = await staff().get(editorUrl());
    expect(reviewed.html).not.toContain('<mark class="doubt"');
    expect(reviewed.html).not.toContain('daftar kata dasar');
  });
});

describe("the speaker's line editor", () => {
  const portalUrl = (token: string) => `/s/${token}/dialog/${dialogue.id}/edit`;

  it('shows the lines with the doubtful words, and no coordinator tools', async () => {
    const token = await t.speakerToken(s.suliwati.id);
    const page = await browser(t).get(portalUrl(token));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<mark class="doubt"');
    expect(page.html).toContain('Suntingan Anda dikirim sebagai usulan koreksi');
    expect(page.html).toContain('Usulkan koreksi</button>');
    for (const tool of ['Ganti semua', 'Tetapkan pembicara', 'Tandai sudah diperiksa', 'name="line"']) expect(page.html).not.toContain(tool);
    expect((await browser(t).get(`/s/${token}/dialog/${dialogue.id}`)).html).toContain(`<a href="${portalUrl(token)}">Sunting transkrip</a>`);
  });

  it("turns a speaker's save into a correction waiting for review, not a version", async () => {
    const token = await t.speakerToken(s.suliwati.id);
    const ids = (await lines()).map((l: any) => l.id);
    const page = await browser(t).get(portalUrl(token));
    const res = await browser(t).post(`${portalUrl(token)}/lines/${ids[1]}`, { _csrf: csrfOf(page.html), base: String(draft), text: 'Bersama kami Ibu Suliwati, Kepala Seksi Layanan Komunikasi Publik.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${portalUrl(token)}?done=proposed#text-2`);
    const pending = (await t.call('GET', '/api/corrections?status=pending', { token: t.coordinator })).json.items;
    expect(pending).toMatchObject([{ segmentId: ids[1], text: 'Bersama kami Ibu Suliwati, Kepala Seksi Layanan Komunikasi Publik.', speaker: { id: s.suliwati.id } }]);
    expect(await versions()).toHaveLength(1);
    expect((await browser(t).get(`${portalUrl(token)}?done=proposed`)).html).toContain('Usulan koreksi Anda terkirim');
  });

  it('explains a proposal for a line that has changed, and shows nothing of dialogues the speaker is not in', async () => {
    const token = await t.speakerToken(s.suliwati.id);
    const ids = (await lines()).map((l: any) => l.id);
    const page = await browser(t).get(portalUrl(token));
    await submit(`/lines/${ids[0]}`, { text: 'Selamat pagi, pendengar.' });
    const stale = await browser(t).post(`${portalUrl(token)}/lines/${ids[1]}`, { _csrf: csrfOf(page.html), text: 'Bersama kami.' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Baris ini sudah berubah sejak halaman dibuka.');

    const outsider = await t.create('/api/speakers', { name: 'Orang Lain' });
    expect((await browser(t).get(portalUrl(await t.speakerToken(outsider.id)))).status).toBe(404);
  });
});
