// Finding ffmpeg: the environment first, then the system, then the npm-installed static build.
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError, resolveFfmpeg } from '../../src/audio/ffmpeg.ts';
import { makeTempDir } from '../helpers/audio.ts';

let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await makeTempDir());
});

afterAll(async () => {
  // Leave the module configured with the process's own choice for anything that runs later.
  await resolveFfmpeg();
  await remove();
});

async function fakeTool(folder: string, name: string, versionOutput: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFile(path, `#!/bin/sh\ncat <<'EOF'\n${versionOutput}\nEOF\n`);
  await chmod(path, 0o755);
  return path;
}

async function resolveError(env: NodeJS.ProcessEnv): Promise<AudioError> {
  const err = await resolveFfmpeg(env).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioError);
  expect((err as AudioError).code).toBe('ffmpeg_unavailable');
  return err as AudioError;
}

describe('finding ffmpeg', () => {
  it('uses FFMPEG_PATH and FFPROBE_PATH when set, after checking they run', async () => {
    const tools = await resolveFfmpeg({ PATH: '', FFMPEG_PATH: ffmpegInstaller.path, FFPROBE_PATH: ffprobeInstaller.path });
    expect(tools).toEqual({
      ffmpegPath: ffmpegInstaller.path,
      ffprobePath: ffprobeInstaller.path,
      source: 'env',
      version: expect.stringMatching(/\S/),
    });
  });

  it('fails clearly, naming the variable, when FFMPEG_PATH points nowhere', async () => {
    const err = await resolveError({ ...process.env, FFMPEG_PATH: '/nonexistent/bin/ffmpeg' });
    expect(err.message).toContain('FFMPEG_PATH=/nonexistent/bin/ffmpeg bukan ffmpeg yang dapat dipakai');
    expect(err.message).toContain('no such file');
  });

  it('does not fall back to another ffmpeg when FFMPEG_PATH is set but is not ffmpeg', async () => {
    const impostor = await fakeTool(join(dir, 'impostor'), 'ffmpeg', 'GNU Wget 1.21');
    const err = await resolveError({ ...process.env, FFMPEG_PATH: impostor });
    expect(err.message).toMatch(/tidak menjawab seperti ffmpeg/);
  });

  it('fails clearly when FFPROBE_PATH points nowhere', async () => {
    const err = await resolveError({ ...process.env, FFPROBE_PATH: '/nonexistent/ffprobe' });
    expect(err.message).toContain('FFPROBE_PATH=/nonexistent/ffprobe bukan ffprobe yang dapat dipakai');
  });

  it('takes ffmpeg and ffprobe from PATH when they are there', async () => {
    const bin = join(dir, 'system-bin');
    await mkdir(bin, { recursive: true });
    await symlink(ffmpegInstaller.path, join(bin, 'ffmpeg'));
    await symlink(ffprobeInstaller.path, join(bin, 'ffprobe'));
    const tools = await resolveFfmpeg({ PATH: `/nonexistent:${bin}` });
    expect(tools).toMatchObject({ ffmpegPath: join(bin, 'ffmpeg'), ffprobePath: join(bin, 'ffprobe'), source: 'system' });
  });

  it('passes over an ffmpeg on PATH built without the encoders it needs, for the npm build', async () => {
    const bin = join(dir, 'minimal-bin');
    await fakeTool(bin, 'ffmpeg', 'ffmpeg version 9.9-minimal Copyright\nconfiguration: --disable-everything');
    const tools = await resolveFfmpeg({ PATH: bin });
    expect(tools).toMatchObject({ ffmpegPath: ffmpegInstaller.path, source: 'npm' });
  });

  it('falls back to the npm build when nothing is on PATH', async () => {
    const tools = await resolveFfmpeg({ PATH: '' });
    expect(tools).toMatchObject({ ffmpegPath: ffmpegInstaller.path, ffprobePath: ffprobeInstaller.path, source: 'npm' });
  });
});
