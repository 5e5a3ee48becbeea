// The generated tiny Whisper and VAD models (test/fixtures/whisper/), built once into
// test/.cache/ and shared by every test and benchmark, and PCM files for it made with ffmpeg.
import fs from 'node:fs';
import path from 'node:path';
import { makeTinyWhisperModel } from '../fixtures/whisper/make-model.ts';
import { makeTinyVadModel } from '../fixtures/whisper/make-vad-model.ts';
import { ffmpegRun } from './audio.ts';
import { repoRoot } from './server.ts';

const MODEL_VERSION = 2; // bump when make-model.ts changes what it writes

export function tinyWhisperModel(): string {
  const file = path.join(repoRoot, 'test/.cache', `whisper-tiny-v${MODEL_VERSION}.bin`);
  // Written through a temporary name, so parallel test files never read half a model.
  if (!fs.existsSync(file)) makeTinyWhisperModel(file);
  return file;
}

/** The generated Silero VAD file that hears speech everywhere, or nowhere. */
export function tinyVadModel(hears: 'speech' | 'silence'): string {
  const file = path.join(repoRoot, 'test/.cache', `vad-${hears}-v${MODEL_VERSION}.bin`);
  if (!fs.existsSync(file)) makeTinyVadModel(file, hears);
  return file;
}

/**
 * Writes `seconds` of speech-like sound as the pipeline's PCM (s16le, 16 kHz, mono): a tone
 * whose pitch and loudness move like a voice's, with short pauses.
 */
export async function makeSpeechLikePcm(file: string, seconds: number): Promise<string> {
  const voice = '0.4*sin(2*PI*(180+60*sin(2*PI*0.7*t))*t)*(0.6+0.4*sin(2*PI*3*t))*gt(sin(2*PI*0.2*t)+0.6\\,0)';
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc=${voice}:s=16000:d=${seconds}`, '-ac', '1', '-ar', '16000', '-f', 's16le', file]);
  return file;
}
