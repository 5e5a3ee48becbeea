// Generated audio that the speech-region finder takes for talk: no real voice is available to
// the tests, so a signal with talk's traits stands in for one.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestApp } from './app.ts';
import { ffmpegRun } from './audio.ts';

// A vowel-like tone gliding in pitch, its level following syllables (about 4 a second);
// `talk` seconds of it, then `pause` of silence, repeated.
export const talkLike = (talk: number, pause: number) =>
  `if(lt(mod(t,${talk + pause}),${talk}),0.4*sin(2*PI*(140+40*sin(2*PI*0.5*t))*t)*pow(abs(sin(2*PI*2.1*t)),2)*(0.6+0.4*sin(2*PI*0.37*t))+0.05*sin(2*PI*2300*t)*abs(sin(2*PI*3.3*t)),0)`;

/**
 * Uploads `seconds` of generated audio (talk-like by default) as the dialogue's recording and
 * waits until its capture and its transcription (when the app has an engine) are done.
 */
export async function attachAudio(t: TestApp, dialogueId: string, expr = talkLike(8, 2), seconds = 20): Promise<void> {
  const path = join(t.dir, `take-${randomUUID()}.wav`);
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=16000:d=${seconds}`, '-c:a', 'pcm_s16le', path]);
  const res = await t.call('PUT', `/api/dialogues/${dialogueId}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(path)), headers: { 'content-type': 'audio/wav' } });
  if (res.status !== 202) throw new Error(`PUT audio → ${res.status} ${res.text}`);
  await t.jobs.idle();
  await t.jobs.transcription.idle();
}
