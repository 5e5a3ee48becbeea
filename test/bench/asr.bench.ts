// Issue 12 benchmark, the speech recogniser: real-time factor (seconds of work per second of
// audio, lower is faster; the audio's own length is the baseline) of the real whisper.cpp
// binding through the engine, on the generated tiny model and, when SIARAN_ASR_MODEL is set, on
// the operator's model. Prints, per model and for the configured threads and one other count
// (how it scales): the first run (the Whisper process starts and loads the model), a warm run in
// the same process, and the Whisper process's peak RSS.
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
  const transcribe = async (engine: ReturnType<typeof createAsrEngine>) => {
    const started = performance.now();
    const result = await engine.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: '' });
    return { rtf: (performance.now() - started) / 1000 / seconds, result };
  };
  const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 1e6)} MB`);
  // The configured threads, and the other of 1 or all cores, to show how it scales.
  const configured = config.asr.threads;
  const other = configured === os.availableParallelism() ? 1 : os.availableParallelism();
  console.log(`${label} (${path.basename(model)}), ${seconds} s of audio:`);
  for (const threads of [configured, other]) {
    const engine = createAsrEngine({ model, vadModel: null, threads });
    try {
      const cold = await transcribe(engine);
      const warm = await transcribe(engine);
      console.log(
        `  ${threads} thread(s): first run (process start + model load + run) RTF ${cold.rtf.toFixed(3)}, warm run RTF ${warm.rtf.toFixed(3)}, ` +
          `${warm.result.segments.length} segments, Whisper process peak RSS ${mb(warm.result.peakRssBytes)}`,
      );
    } finally {
      await engine.close();
    }
  }
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
