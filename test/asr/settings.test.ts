// checkAsrSettings on real files: what start-up says about each kind of bad model file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAsrSettings } from '../../src/asr/index.ts';
import { loadConfig } from '../../src/config.ts';
import { makeTempDir } from '../helpers/audio.ts';
import { repoRoot } from '../helpers/server.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

let dir: { dir: string; remove: () => Promise<void> };
let model: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir.dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const check = (modelPath: string | null, vadModel: string | null = null) => checkAsrSettings({ model: modelPath, vadModel, threads: 1 });

beforeAll(async () => {
  dir = await makeTempDir('siaran-asr-settings-');
  model = tinyWhisperModel();
});
afterAll(() => dir?.remove());

/** A ggml VAD file's first bytes: magic, then the model type's length and name. */
function vadHeader(type: string): Buffer {
  const head = Buffer.alloc(8 + type.length + 64);
  head.writeUInt32LE(0x67676d6c, 0);
  head.writeInt32LE(type.length, 4);
  head.write(type, 8, 'latin1');
  return head;
}

describe('checking the speech recogniser settings', () => {
  it('passes the generated model, with the VAD file and threads', () => {
    const vad = file('ggml-silero-v5.1.2.bin', vadHeader('silero-16k'));
    expect(check(model, vad)).toEqual({ ok: true, model, vadModel: vad, threads: 1 });
  });

  it('says transcription is off when no model is set', () => {
    expect(check(null)).toMatchObject({ ok: false, reason: 'off', message: expect.stringMatching(/^Transkripsi otomatis mati: SIARAN_ASR_MODEL belum diatur/) });
  });

  it('names the variable and the file for a missing file, a folder and a file that is not a model', () => {
    const missing = path.join(dir.dir, 'ggml-small.bin');
    expect(check(missing)).toEqual({ ok: false, reason: 'invalid', message: `Transkripsi otomatis mati: SIARAN_ASR_MODEL=${missing} tidak ditemukan.` });
    expect(check(dir.dir)).toMatchObject({ reason: 'invalid', message: `Transkripsi otomatis mati: SIARAN_ASR_MODEL=${dir.dir} bukan berkas.` });
    const text = file('notes.txt', 'this is not a model, just words\n');
    expect(check(text)).toMatchObject({ reason: 'invalid', message: expect.stringMatching(/SIARAN_ASR_MODEL=\S+notes\.txt bukan model Whisper ggml/) });
    expect(check(file('empty.bin', ''))).toMatchObject({ message: expect.stringContaining('kosong atau terlalu pendek') });
    expect(check(file('model.gguf', Buffer.from('GGUF\x03\x00\x00\x00' + 'x'.repeat(100), 'latin1')))).toMatchObject({ message: expect.stringContaining('adalah berkas GGUF') });
  });

  it('tells a VAD file from a Whisper model, either way round', () => {
    const vad = file('silero.bin', vadHeader('silero-16k'));
    expect(check(vad)).toMatchObject({ message: expect.stringMatching(/SIARAN_ASR_MODEL=\S+silero\.bin adalah model VAD ggml, bukan model Whisper/) });
    expect(check(model, model)).toMatchObject({ reason: 'invalid', message: expect.stringMatching(/^Transkripsi otomatis mati: SIARAN_ASR_VAD_MODEL=\S+ adalah berkas ggml, tetapi bukan model VAD/) });
    expect(check(model, path.join(dir.dir, 'no-vad.bin'))).toMatchObject({ message: expect.stringMatching(/SIARAN_ASR_VAD_MODEL=\S+no-vad\.bin tidak ditemukan/) });
  });

  it('says a model it may not read cannot be read', () => {
    const locked = file('ggml-locked.bin', fs.readFileSync(model).subarray(0, 4096));
    fs.chmodSync(locked, 0o000);
    fs.chmodSync(dir.dir, 0o755);
    const script = `import { checkAsrSettings } from ${JSON.stringify(path.join(repoRoot, 'src/asr/settings.ts'))};
      console.log(JSON.stringify(checkAsrSettings({ model: ${JSON.stringify(locked)}, vadModel: null, threads: 1 })));`;
    // Root reads every file, so the check runs as an ordinary user when the tests run as root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', ...asUser, env: { ...process.env, HOME: '/tmp' } });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, reason: 'invalid', message: `Transkripsi otomatis mati: SIARAN_ASR_MODEL=${locked} tidak dapat dibaca (izin ditolak).` });
  });

  it('reads the settings from the environment: paths resolved, threads one fewer than the cores by default', () => {
    const off = loadConfig({});
    expect(off.asr).toMatchObject({ model: null, vadModel: null });
    expect(off.asr.threads).toBeGreaterThanOrEqual(1);
    const on = loadConfig({ SIARAN_ASR_MODEL: 'models/ggml-small.bin', SIARAN_ASR_VAD_MODEL: '/m/vad.bin', SIARAN_ASR_THREADS: '3' });
    expect(on.asr).toEqual({ model: path.resolve('models/ggml-small.bin'), vadModel: '/m/vad.bin', threads: 3 });
    expect(() => loadConfig({ SIARAN_ASR_THREADS: 'many' })).toThrow(/SIARAN_ASR_THREADS/);
    expect(() => loadConfig({ SIARAN_ASR_THREADS: '0' })).toThrow(/SIARAN_ASR_THREADS/);
  });
});
