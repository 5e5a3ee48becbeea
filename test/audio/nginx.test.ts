// The README's nginx configuration on Debian's nginx, in front of the real app with
// SIARAN_MEDIA_ACCEL_PREFIX: nginx sends a rendition's bytes (Range included) once Siaran
// has answered its subrequest, keeps only public answers, and never serves the storage root
// by address. Skipped where nginx is not installed; .ci/run installs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { NGINX, type RunningNginx, startNginx } from '../helpers/nginx.ts';
import { listen, randomPort } from '../helpers/server.ts';
import { attachAudio } from '../pages/helpers.ts';

const PREFIX = '/_siaran_media/';
let t: TestApp;
let app: Awaited<ReturnType<typeof listen>>;
let nginx: RunningNginx;
let nginxDir: string;
/** Media requests that reached Siaran. */
let mediaAsks = 0;
let published: { id: string };
let unpublished: { id: string };

const bytesOf = async (id: string, format: 'opus' | 'mp3') => {
  const row = await t.db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', id).executeTakeFirstOrThrow();
  return { file: fs.readFileSync(path.join(t.config.mediaDir, format === 'opus' ? row.opus_path : row.mp3_path)), row };
};

describe.skipIf(NGINX === null)("the README's nginx configuration", () => {
  beforeAll(async () => {
    t = await createTestApp({ SIARAN_MEDIA_ACCEL_PREFIX: PREFIX });
    const s = await seedBasics(t);
    published = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    unpublished = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T11:00', '2021-09-08T12:00'));
    for (const d of [published, unpublished]) await attachAudio(t, d.id, 20);
    expect((await t.call('PATCH', `/api/dialogues/${published.id}`, { token: t.coordinator, body: { status: 'published' } })).status).toBe(200);
    // nginx's workers read the storage root as another user may: the test's folders are 0700.
    fs.chmodSync(t.dir, 0o755);
    const counted = (request: Request, env: unknown) => {
      if (new URL(request.url).pathname.startsWith('/media/')) mediaAsks++;
      return t.app.fetch(request, env);
    };
    app = await listen({ fetch: counted }, t.config.bodyLimitBytes);
    nginxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-nginx-'));
    nginx = await startNginx({ upstream: `127.0.0.1:${app.port}`, mediaDir: t.config.mediaDir, dir: nginxDir, port: Number(randomPort()) });
  }, 180_000);

  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
    await t?.close();
    if (nginxDir) fs.rmSync(nginxDir, { recursive: true, force: true });
  });

  it('has Siaran answer with the file for nginx, and no bytes', async () => {
    const res = await t.app.request(`/media/dialogues/${published.id}.opus`);
    const { row } = await bytesOf(published.id, 'opus');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-accel-redirect')).toBe(`${PREFIX}${row.opus_path}`);
    expect(res.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves a published rendition with Range through nginx, byte for byte, with Siaran’s type and caching', async () => {
    const { file } = await bytesOf(published.id, 'opus');
    const ranged = await fetch(`${nginx.base}/media/dialogues/${published.id}.opus`, { headers: { range: 'bytes=1000-66535' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-66535/${file.length}`);
    expect(ranged.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    expect(ranged.headers.get('cache-control')).toBe('public, max-age=300');
    expect(ranged.headers.get('x-accel-redirect')).toBeNull();
    expect(Buffer.from(await ranged.arrayBuffer()).equals(file.subarray(1000, 66536))).toBe(true);

    // Again: the decision now comes from nginx's cache, Siaran is not asked.
    const asked = mediaAsks;
    const again = await fetch(`${nginx.base}/media/dialogues/${published.id}.opus`, { headers: { range: 'bytes=-500' } });
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).equals(file.subarray(file.length - 500))).toBe(true);
    expect(mediaAsks).toBe(asked);
    const mp3 = await bytesOf(published.id, 'mp3');
    const whole = await fetch(`${nginx.base}/media/dialogues/${published.id}.mp3`);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(mp3.file)).toBe(true);
  });

  it("refuses an unpublished dialogue's audio to the public, and serves it to its coordinator", async () => {
    const url = `${nginx.base}/media/dialogues/${unpublished.id}.opus`;
    expect((await fetch(url, { headers: { range: 'bytes=0-99' } })).status).toBe(404);
    const { file } = await bytesOf(unpublished.id, 'opus');
    const signedIn = await fetch(url, { headers: { range: 'bytes=0-99', authorization: `Bearer ${t.coordinator}` } });
    expect(signedIn.status).toBe(206);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-cache');
    const asked = mediaAsks;
    expect(Buffer.from(await signedIn.arrayBuffer()).equals(file.subarray(0, 100))).toBe(true);
    // Neither answer was kept: the next anonymous listener is asked about again, and refused.
    expect((await fetch(url, { headers: { range: 'bytes=0-99' } })).status).toBe(404);
    expect(mediaAsks).toBe(asked + 1);
  });

  it('refuses a request for the internal location that did not come through Siaran', async () => {
    const { row } = await bytesOf(published.id, 'opus');
    const direct = await fetch(`${nginx.base}${PREFIX}${row.opus_path}`);
    expect(direct.status).toBe(404);
    expect((await fetch(`${nginx.base}${PREFIX}siaran.db`)).status).toBe(404);
  });

  it('passes the rest of the app through: pages, the API and its errors', async () => {
    expect((await fetch(`${nginx.base}/`)).status).toBe(200);
    const list = await fetch(`${nginx.base}/api/dialogues?status=published`);
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((d: any) => d.id)).toContain(published.id);
    expect((await fetch(`${nginx.base}/media/dialogues/nope.opus`)).status).toBe(404);
  });
});
