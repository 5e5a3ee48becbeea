import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomPort as port, startMain, waitFor } from '../helpers/server.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-start-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});


describe('starting the app', () => {
  it('says which setting to change when the port is taken, without a stack', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = String((blocker.address() as net.AddressInfo).port);
    try {
      const app = startMain({ SIARAN_MEDIA_DIR: tempDir(), PORT: taken, SIARAN_DEMO: '0' });
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`port ${taken} di 127.0.0.1 sudah dipakai`);
      expect(app.output()).toContain('Atur PORT');
      expect(app.output()).not.toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  it('creates the database, loads the demo, prints the URL and credentials, serves, and stops cleanly on SIGTERM', async () => {
    const media = tempDir();
    const p = port();
    const app = startMain({ SIARAN_MEDIA_DIR: media, PORT: p });
    await waitFor(() => /siap melayani di/.test(app.output()));
    expect(app.output()).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${p}`));
    expect(app.output()).toMatch(/Akun koordinator pertama: admin@siaran\.local \/ \S{8,}/);
    expect(fs.existsSync(path.join(media, 'siaran.db'))).toBe(true);

    const health = await fetch(`http://127.0.0.1:${p}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const dialogues = await (await fetch(`http://127.0.0.1:${p}/api/dialogues`)).json();
    expect(dialogues.items.map((d: any) => d.title)).toContain('Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi');
    const kim = dialogues.items.find((d: any) => d.title.startsWith('Peran KIM'));
    expect(kim).toMatchObject({ timezone: 'Asia/Jakarta', status: 'published' });
    expect(kim.startsAt.slice(0, 10)).toBe('2021-09-08');

    const password = /admin@siaran\.local \/ (\S+)/.exec(app.output())?.[1];
    const login = await fetch(`http://127.0.0.1:${p}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@siaran.local', password }),
    });
    expect(login.status).toBe(200);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('does not load the demo with SIARAN_DEMO=0 and takes the admin account from the environment', async () => {
    const media = tempDir();
    const p = port();
    const app = startMain({ SIARAN_MEDIA_DIR: media, PORT: p, SIARAN_DEMO: '0', SIARAN_ADMIN_EMAIL: 'kepala@kominfo.id', SIARAN_ADMIN_PASSWORD: 'rahasia-panjang' });
    await waitFor(() => /siap melayani di/.test(app.output()));
    expect(app.output()).toContain('kepala@kominfo.id');
    const dialogues = await (await fetch(`http://127.0.0.1:${p}/api/dialogues`)).json();
    expect(dialogues.items).toEqual([]);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('refuses to start on bad settings, naming each bad variable', async () => {
    const app = startMain({ SIARAN_MEDIA_DIR: tempDir(), PORT: 'eighty', SIARAN_DEMO: 'maybe', SIARAN_ADMIN_EMAIL: 'not-an-email' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/PORT/);
    expect(app.output()).toMatch(/SIARAN_DEMO/);
    expect(app.output()).toMatch(/SIARAN_ADMIN_EMAIL/);
  });

  it('refuses a job schedule that is not a cron expression', async () => {
    const app = startMain({ SIARAN_MEDIA_DIR: tempDir(), SIARAN_CAPTURE_SCHEDULE: 'every five minutes', SIARAN_CAPTURE_PARTIAL_AFTER_MIN: 'soon' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/SIARAN_CAPTURE_SCHEDULE: harus berupa ekspresi cron/);
    expect(app.output()).toMatch(/SIARAN_CAPTURE_PARTIAL_AFTER_MIN/);
  });

  it('says which ffmpeg it uses, and refuses to start without a working one', async () => {
    const media = tempDir();
    const p = port();
    const app = startMain({ SIARAN_MEDIA_DIR: media, PORT: p, SIARAN_DEMO: '0' });
    await waitFor(() => /siap melayani di/.test(app.output()));
    expect(app.output()).toMatch(/^ffmpeg \S+ \((sistem|build bawaan paket npm|FFMPEG_PATH): \/\S+ffmpeg\)$/m);
    expect(app.output()).toMatch(/Tugas: jadwal SIARAN_INTAKE_SCHEDULE="\* \* \* \* \*", SIARAN_CAPTURE_SCHEDULE="\*\/5 \* \* \* \*"/);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    const broken = startMain({ SIARAN_MEDIA_DIR: tempDir(), FFMPEG_PATH: '/nonexistent/ffmpeg' });
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain('Siaran memerlukan ffmpeg dan tidak menemukan yang berfungsi.');
    expect(broken.output()).toContain('FFMPEG_PATH=/nonexistent/ffmpeg bukan ffmpeg yang dapat dipakai');
  });
});

describe('starting with automatic transcription', () => {
  const startAndStop = async (env: Record<string, string>) => {
    const p = port();
    const app = startMain({ SIARAN_MEDIA_DIR: tempDir(), PORT: p, SIARAN_DEMO: '0', SIARAN_JOBS: '0', ...env });
    await waitFor(() => /siap melayani di/.test(app.output()));
    expect(await (await fetch(`http://127.0.0.1:${p}/healthz`)).json()).toEqual({ status: 'ok' });
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    return app.output().split('\n').filter((line) => /^Transkripsi otomatis/.test(line));
  };

  it('says in one line that transcription is off without a model, and serves', async () => {
    expect(await startAndStop({})).toEqual(['Transkripsi otomatis mati: SIARAN_ASR_MODEL belum diatur (lihat README.md#automatic-transcripts).']);
  });

  it('names the variable for a bad model file in one line, and still serves', async () => {
    const dir = tempDir();
    const notAModel = path.join(dir, 'ggml-small.bin');
    fs.writeFileSync(notAModel, '<html>404 Not Found</html>');
    expect(await startAndStop({ SIARAN_ASR_MODEL: notAModel })).toEqual([`Transkripsi otomatis mati: SIARAN_ASR_MODEL=${notAModel} bukan model Whisper ggml (misalnya ggml-small.bin).`]);
    const missingVad = path.join(dir, 'silero.bin');
    expect(await startAndStop({ SIARAN_ASR_MODEL: tinyWhisperModel(), SIARAN_ASR_VAD_MODEL: missingVad })).toEqual([`Transkripsi otomatis mati: SIARAN_ASR_VAD_MODEL=${missingVad} tidak ditemukan.`]);
  });

  it('names the model and threads when transcription is on', async () => {
    const model = tinyWhisperModel();
    expect(await startAndStop({ SIARAN_ASR_MODEL: model, SIARAN_ASR_THREADS: '1' })).toEqual([`Transkripsi otomatis: model Whisper ${model}, 1 thread, prioritas rendah.`]);
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document and a docs page whose assets are all local', async () => {
    const { createTestApp } = await import('../helpers/app.ts');
    const t = await createTestApp();
    try {
      const doc = await t.call('GET', '/api/openapi.json');
      expect(doc.json.openapi).toBe('3.1.0');
      expect(doc.json.paths['/api/dialogues'].post.requestBody.content['application/json'].schema).toBeTruthy();
      const page = await t.call('GET', '/api/docs');
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const asset of assets) {
        expect(asset.startsWith('/')).toBe(true);
        expect((await t.call('GET', asset)).status, asset).toBe(200);
      }
    } finally {
      await t.close();
    }
  });
});
