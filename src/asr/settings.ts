// Checks the speech recogniser's files at start-up without loading the big model: the file
// exists, can be read, and its first bytes are a ggml Whisper model (or, for the VAD, a ggml
// Silero model). A bad file turns transcription off with one line naming the variable; the
// rest of the app runs. whisper.cpp would only say "Failed to initialize whisper context".
import fs from 'node:fs';
import type { AsrConfig } from '../config.ts';
import type { AsrSettings } from './types.ts';

export type AsrSettingsCheck =
  | ({ ok: true } & AsrSettings)
  /** reason 'off': no model configured; 'invalid': a configured file is unusable. */
  | { ok: false; reason: 'off' | 'invalid'; message: string };

const GGML_FILE_MAGIC = 0x67676d6c; // "ggml" as whisper.cpp reads it (little-endian uint32)
const GGUF_MAGIC = 0x46554747; // "GGUF": llama.cpp's newer format, which whisper.cpp cannot read

/** Reads the first bytes of a file, or says in a phrase why it cannot be read. */
function readHead(file: string, bytes: number): { head: Buffer } | { problem: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot be read (${code})` };
  }
  if (!stat.isFile()) return { problem: 'is not a file' };
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code})` };
  }
  try {
    const head = Buffer.alloc(bytes);
    const read = fs.readSync(fd, head, 0, bytes, 0);
    return { head: head.subarray(0, read) };
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** The header a ggml Whisper model starts with: magic, then eleven int32 hyperparameters. */
function whisperProblem(head: Buffer): string | null {
  if (head.length < 4) return 'is empty or too short to be a Whisper model';
  const magic = head.readUInt32LE(0);
  if (magic === GGUF_MAGIC) return 'is a GGUF file; whisper.cpp needs a ggml .bin model (for example ggml-small.bin)';
  if (magic !== GGML_FILE_MAGIC) return 'is not a ggml Whisper model (for example ggml-small.bin)';
  if (head.length < 48) return 'is a truncated ggml file';
  const [nVocab, nAudioCtx, nAudioState, , , , nTextState, , , nMels] = Array.from({ length: 11 }, (_, i) => head.readInt32LE(4 + 4 * i));
  // A Silero VAD file has a short name's length where a Whisper model has its vocabulary size.
  if (nVocab! > 0 && nVocab! < 64) return 'is a ggml VAD model, not a Whisper model (it belongs in SIARAN_ASR_VAD_MODEL)';
  // Whisper's vocabularies hold 51,864 (English) to 51,866 (large-v3) tokens.
  const plausible = nVocab! >= 51864 && nVocab! <= 52000 && nAudioCtx! > 0 && nAudioState === nTextState && (nMels === 80 || nMels === 128);
  return plausible ? null : 'is a ggml file but not a Whisper model';
}

/** A ggml VAD file (Silero): magic, then the length and text of its model type, a short name. */
function vadProblem(head: Buffer): string | null {
  if (head.length < 8 || head.readUInt32LE(0) !== GGML_FILE_MAGIC) return 'is not a ggml VAD model (for example ggml-silero-v5.1.2.bin)';
  const typeLength = head.readInt32LE(4);
  if (typeLength <= 0 || typeLength >= 64) return 'is a ggml file but not a VAD model (is it a Whisper model?)';
  const type = head.subarray(8, 8 + typeLength).toString('latin1');
  return /^[\x20-\x7e]+$/.test(type) ? null : 'is a ggml file but not a VAD model';
}

export function checkAsrSettings(config: AsrConfig): AsrSettingsCheck {
  if (!config.model) {
    return { ok: false, reason: 'off', message: 'Automatic transcription is off: SIARAN_ASR_MODEL is not set (see "Automatic transcripts" in the README).' };
  }
  const files: { variable: string; file: string; problem: (head: Buffer) => string | null }[] = [
    { variable: 'SIARAN_ASR_MODEL', file: config.model, problem: whisperProblem },
    ...(config.vadModel ? [{ variable: 'SIARAN_ASR_VAD_MODEL', file: config.vadModel, problem: vadProblem }] : []),
  ];
  for (const { variable, file, problem } of files) {
    const read = readHead(file, 128);
    const why = 'problem' in read ? read.problem : problem(read.head);
    if (why) return { ok: false, reason: 'invalid', message: `Automatic transcription is off: ${variable}=${file} ${why}.` };
  }
  return { ok: true, model: config.model, vadModel: config.vadModel, threads: config.threads };
}
