// Issue 12 benchmark, the speech recogniser: real-time factor (seconds of work per second of
// audio, lower is faster; the audio's own length is the baseline) of the real whisper.cpp
// binding through the engine, on the generated tiny model and, when SIARAN_ASR_MODEL is set, on
// the operator's model. Prints, per model: the first run (the Whisper process starts and loads
// the model), a warm run in the same process, the warm run on one thread (how it scales), and
// the Whisper process's peak RSS.
//
// The tiny model's figures measure the engine's own costs (process, packing, IPC) plus a
// whisper.cpp run on a 64-wide model that decodes noise, so its temperature fallbacks make it
// slower than its size suggests; the operator's model gives the figures that matter.
// Settings: BENCH_AUDIO_SECONDS (30), SIARAN_ASR_MODEL, SIARAN_ASR_THREADS.
import os from 'node:os';
import path from 'node:path';
import { createAsrEngine } from '../../src/asr/index.ts';
import { checkAsrSettings } from '../../src/asr/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { makeTempDir } from '../helpers/audio.ts';
import { makeSpeechLikePcm, tinyWhisperModel } from '../helpers/whisper.ts';

const seconds = Number(process.env.BENCH_AUDIO_SECONDS ?? 30);
const config = loadConfig();
const dir = await makeTempDir('siaran-asr-bench-');

async function measure(label: string, model: string, pcm: string) {
  const timed = async (threads: number, engine = createAsrEngine({ model, vadModel: null, threads })) => {
    const started = performance.now();
    const result = await engine.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: '' });
    return { engine, rtf: (performance.now() - started) / 1000 / seconds, result };
  };
  const threads = config.asr.threads;
  const cold = await timed(threads);
  const warm = await timed(threads, cold.engine);
  await cold.engine.close();
  const single = await timed(1);
  await timed(1, single.engine); // the first run on one thread includes the load; time the second
  const singleWarm = await timed(1, single.engine);
  await single.engine.close();
  const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 1e6)} MB`);
  console.log(`${label} (${path.basename(model)}), ${seconds} s of audio, ${warm.result.segments.length} segments:`);
  console.log(`  first run (start + load + transcribe), ${threads} thread(s): RTF ${cold.rtf.toFixed(3)}`);
  console.log(`  warm run, ${threads} thread(s):                             RTF ${warm.rtf.toFixed(3)}`);
  console.log(`  warm run, 1 thread:                                   RTF ${singleWarm.rtf.toFixed(3)} (${(singleWarm.rtf / warm.rtf).toFixed(2)}× the ${threads}-thread time)`);
  console.log(`  Whisper process peak RSS: ${mb(warm.result.peakRssBytes)}`);
}

try {
  console.log(`${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const pcm = await makeSpeechLikePcm(path.join(dir.dir, 'speech.pcm'), seconds);
  await measure('Generated tiny model', tinyWhisperModel(), pcm);
  if (config.asr.model) {
    const check = checkAsrSettings(config.asr);
    if (check.ok) await measure('Operator model', check.model, pcm);
    else console.log(check.message);
  }
} finally {
  await dir.remove();
}
