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
    return { problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'tidak ditemukan' : `tidak dapat dibaca (${code})` };
  }
  if (!stat.isFile()) return { problem: 'bukan berkas' };
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'EACCES' || code === 'EPERM' ? 'tidak dapat dibaca (izin ditolak)' : `tidak dapat dibaca (${code})` };
  }
  try {
    const head = Buffer.alloc(bytes);
    const read = fs.readSync(fd, head, 0, bytes, 0);
    return { head: head.subarray(0, read) };
  } catch (error) {
    return { problem: `tidak dapat dibaca (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** The header a ggml Whisper model starts with: magic, then eleven int32 hyperparameters. */
function whisperProblem(head: Buffer): string | null {
  if (head.length < 4) return 'kosong atau terlalu pendek untuk sebuah model Whisper';
  const magic = head.readUInt32LE(0);
  if (magic === GGUF_MAGIC) return 'adalah berkas GGUF; whisper.cpp memerlukan model ggml .bin (misalnya ggml-small.bin)';
  if (magic !== GGML_FILE_MAGIC) return 'bukan model Whisper ggml (misalnya ggml-small.bin)';
  if (head.length < 48) return 'adalah berkas ggml yang terpotong';
  const [nVocab, nAudioCtx, nAudioState, , , , nTextState, , , nMels] = Array.from({ length: 11 }, (_, i) => head.readInt32LE(4 + 4 * i));
  // A Silero VAD file has a short name's length where a Whisper model has its vocabulary size.
  if (nVocab! > 0 && nVocab! < 64) return 'adalah model VAD ggml, bukan model Whisper (tempatnya di SIARAN_ASR_VAD_MODEL)';
  // Whisper's vocabularies hold 51,864 (English) to 51,866 (large-v3) tokens.
  const plausible = nVocab! >= 51864 && nVocab! <= 52000 && nAudioCtx! > 0 && nAudioState === nTextState && (nMels === 80 || nMels === 128);
  return plausible ? null : 'adalah berkas ggml, tetapi bukan model Whisper';
}

/** A ggml VAD file (Silero): magic, then the length and text of its model type, a short name. */
function vadProblem(head: Buffer): string | null {
  if (head.length < 8 || head.readUInt32LE(0) !== GGML_FILE_MAGIC) return 'bukan model VAD ggml (misalnya ggml-silero-v5.1.2.bin)';
  const typeLength = head.readInt32LE(4);
  if (typeLength <= 0 || typeLength >= 64) return 'adalah berkas ggml, tetapi bukan model VAD (apakah ini model Whisper?)';
  const type = head.subarray(8, 8 + typeLength).toString('latin1');
  return /^[\x20-\x7e]+$/.test(type) ? null : 'adalah berkas ggml, tetapi bukan model VAD';
}

export function checkAsrSettings(config: AsrConfig): AsrSettingsCheck {
  if (!config.model) {
    return { ok: false, reason: 'off', message: 'Transkripsi otomatis mati: SIARAN_ASR_MODEL belum diatur (lihat README.md#automatic-transcripts).' };
  }
  const files: { variable: string; file: string; problem: (head: Buffer) => string | null }[] = [
    { variable: 'SIARAN_ASR_MODEL', file: config.model, problem: whisperProblem },
    ...(config.vadModel ? [{ variable: 'SIARAN_ASR_VAD_MODEL', file: config.vadModel, problem: vadProblem }] : []),
  ];
  for (const { variable, file, problem } of files) {
    const read = readHead(file, 128);
    const why = 'problem' in read ? read.problem : problem(read.head);
    if (why) return { ok: false, reason: 'invalid', message: `Transkripsi otomatis mati: ${variable}=${file} ${why}.` };
  }
  return { ok: true, model: config.model, vadModel: config.vadModel, threads: config.threads };
}
