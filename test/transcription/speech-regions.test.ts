// Audio prep for Whisper on real ffmpeg and generated audio: silence and a steady tone hold
// no speech regions; a talk-like signal (a voice-range tone whose level moves at syllable
// rate, with pauses) does, and its pauses split it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PCM_SAMPLE_RATE, decodeForSpeech, speechRegions } from '../../src/audio/speech.ts';
import { ffmpegRun, makeTempDir } from '../helpers/audio.ts';
import { talkLike } from '../helpers/speech-audio.ts';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('siaran-speech-');
});
afterAll(() => tmp.remove());

async function regionsOf(name: string, expr: string, seconds: number) {
  const path = join(tmp.dir, `${name}.opus`);
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=48000:d=${seconds}`, '-c:a', 'libopus', '-b:a', '48k', path]);
  const audio = await decodeForSpeech(path, join(tmp.dir, name, 'x'));
  try {
    const pcm = await readFile(audio.pcmPath);
    expect(Math.abs(pcm.length / 2 / PCM_SAMPLE_RATE - seconds)).toBeLessThan(0.1);
    return { regions: await speechRegions(audio), audio };
  } finally {
    await audio.remove();
  }
}

describe('speech regions', () => {
  it('finds none in a minute of silence', async () => {
    const { regions, audio } = await regionsOf('silence', '0', 60);
    expect(audio.silences).toEqual([{ fromMs: 0, toMs: expect.any(Number) }]);
    expect(regions).toEqual([]);
  });

  it('finds none in a minute of a loud steady tone', async () => {
    const { regions, audio } = await regionsOf('tone', '0.5*sin(2*PI*1000*t)', 60);
    expect(audio.silences).toEqual([]);
    expect(regions).toEqual([]);
  });

  it('finds none in a steady two-note chord over a hum', async () => {
    const { regions } = await regionsOf('chord', '0.3*sin(2*PI*440*t)+0.3*sin(2*PI*554*t)+0.05*sin(2*PI*50*t)', 30);
    expect(regions).toEqual([]);
  });

  it('finds the talk between pauses, and nothing in the tone after it', async () => {
    // 0–20 s: talk 8 s, pause 2 s (twice); 20–40 s: a steady tone.
    const expr = `if(lt(t,20),${talkLike(8, 2)},0.5*sin(2*PI*1000*t))`;
    const { regions } = await regionsOf('talk', expr, 40);
    expect(regions.length).toBe(2);
    expect(regions[0]!.fromMs).toBeLessThanOrEqual(200);
    expect(regions[0]!.toMs).toBeGreaterThan(7500);
    expect(regions[0]!.toMs).toBeLessThan(9500);
    expect(regions[1]!.fromMs).toBeGreaterThan(9000);
    expect(regions[1]!.toMs).toBeLessThanOrEqual(20_500);
  });

  it('removes its file and reports an empty input clearly', async () => {
    const path = join(tmp.dir, 'empty.wav');
    await ffmpegRun(['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '0', path]);
    await expect(decodeForSpeech(path, join(tmp.dir, 'empty', 'x'))).rejects.toMatchObject({ code: 'empty' });
  });
});
