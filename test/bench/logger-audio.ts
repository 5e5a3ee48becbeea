// Hourly logger files for the capture benchmarks: an hour of speech-like sound each (pink
// noise and a 150 Hz voice, modulated at syllable rate with pauses between phrases,
// compressed; stereo 44.1 kHz 128 kb/s MP3), generated once and kept in
// <tmpdir>/siaran-capture-bench/, where every capture benchmark finds the same files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `limited`: peaks held by a limiter, as broadcast processing does, so one linear gain reaches
 * −16 LUFS. `peaky`: peaks about 3 dB higher than one gain to −16 LUFS can take.
 */
export type LoggerContent = 'limited' | 'peaky';

function speechLike(seed: number, durationSec: number, content: LoggerContent): string {
  const ending = content === 'limited' ? 'alimiter=limit=0.3:level=0,volume=1.2' : 'alimiter=limit=0.7';
  return (
    `anoisesrc=color=pink:sample_rate=44100:amplitude=0.6:seed=${seed}:duration=${durationSec},highpass=f=120,lowpass=f=5000[n];` +
    `sine=f=150:r=44100:d=${durationSec},volume=0.3[v];` +
    `[n][v]amix=inputs=2:duration=shortest,volume=2,` +
    `volume='0.1+0.9*pow(abs(sin(2*PI*2.1*t)),2)*gt(sin(2*PI*0.13*t)+0.4,0)':eval=frame,` +
    `acompressor=threshold=0.1:ratio=4:attack=5:release=100:makeup=2,${ending},aformat=channel_layouts=stereo[out]`
  );
}

/**
 * The folder holding an hour of logger audio under each of `names` (the n-th name's noise
 * from seed n + 1, so a name always holds the same sound), generating what is missing.
 */
export async function loggerFiles(ffmpegPath: string, names: readonly string[], content: LoggerContent, log: (line: string) => void): Promise<string> {
  const dir = path.join(os.tmpdir(), 'siaran-capture-bench', `v1-${content}`);
  fs.mkdirSync(dir, { recursive: true });
  const missing = names.filter((name) => !fs.existsSync(path.join(dir, name)));
  if (missing.length === 0) return dir;
  const started = performance.now();
  log(`  generating ${missing.join(', ')} (one hour each) into ${dir}…`);
  await Promise.all(
    missing.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const temp = path.join(dir, `.gen-${name}`);
          const proc = spawn(ffmpegPath, [
            '-hide_banner', '-v', 'error', '-nostdin', '-y',
            '-filter_complex', speechLike(names.indexOf(name) + 1, 3600, content),
            '-map', '[out]', '-c:a', 'libmp3lame', '-b:a', '128k', '-compression_level', '7', '-f', 'mp3', temp,
          ], { stdio: ['ignore', 'ignore', 'inherit'] });
          proc.once('error', reject);
          proc.once('close', (code) => {
            if (code !== 0) return reject(new Error(`generating ${name} failed (${code})`));
            fs.renameSync(temp, path.join(dir, name));
            resolve();
          });
        }),
    ),
  );
  log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
