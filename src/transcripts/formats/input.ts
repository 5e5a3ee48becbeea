/**
 * The checks every transcript file goes through before its format is parsed: UTF-8
 * decoding, the byte order mark, emptiness and binary junk, plus the line arithmetic
 * the parsers share so that every error names the same line an editor shows.
 */
import { said } from '../../errors.ts';
import { TranscriptFormatError, type TranscriptFormat } from './model.ts';

/** The line breaks WebVTT recognises; the other formats use the same so line numbers agree. */
const LINE_BREAK = /\r\n|\r|\n/;

// Tab, line feed, vertical tab, form feed and carriage return occur in real text files;
// any other C0 control (NUL above all) means the upload is not text.
const BINARY_JUNK = /[\u0000-\u0008\u000E-\u001F\u007F]/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** The 1-based line on which the character at `index` sits. */
export function lineNumberAt(text: string, index: number): number {
  return splitLines(text.slice(0, index)).length;
}

/** Collapses runs of ASCII whitespace; a decoded &nbsp; is content and stays. */
export function collapseSpaces(text: string): string {
  return text.replace(/[ \t\n\f\r\v]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * Decodes UTF-8 strictly: a Latin-1 or Windows-1252 file would otherwise come through
 * with U+FFFD where the accented letters were, silently corrupting the archive.
 */
export function decodeUtf8(bytes: Uint8Array, format: TranscriptFormat): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TranscriptFormatError(
      format,
      firstInvalidUtf8Line(bytes),
      said('berkas ini bukan teks UTF-8 yang sah; simpan sebagai UTF-8 lalu unggah lagi', 'the file is not valid UTF-8 text; save it as UTF-8 and upload it again'),
    );
  }
}

// CR and LF never occur inside a multi-byte UTF-8 sequence, so decoding line by line
// finds the first bad line exactly.
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const byte = bytes[i];
    if (i < bytes.length && byte !== 0x0a && byte !== 0x0d) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    if (byte === 0x0d && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
    line++;
  }
  return line;
}

/** Drops a byte order mark and rejects text that cannot be a transcript at all. */
export function prepareText(text: string, format: TranscriptFormat): string {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new TranscriptFormatError(format, 1, said('berkasnya kosong', 'the file is empty'));
  const junk = BINARY_JUNK.exec(body);
  if (junk) {
    const code = `U+${junk[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const what = junk[0] === '\u0000' ? said('bita NUL', 'a NUL byte') : said(`karakter kendali ${code}`, `the control character ${code}`);
    throw new TranscriptFormatError(
      format,
      lineNumberAt(body, junk.index),
      said(`berisi ${what.id}; ini tampaknya berkas biner, bukan transkrip`, `contains ${what.en}; this looks like a binary file, not a transcript`),
    );
  }
  return body;
}
