/**
 * Plain-text transcripts: `Name: words` paragraphs without timings. A new paragraph
 * starts at a `Name:` line or after a blank line; a line without a prefix continues the
 * paragraph above it, and a paragraph without a prefix keeps the previous speaker.
 */
import { collapseSpaces, prepareText, splitLines } from './input.ts';
import { said } from '../../errors.ts';
import { TranscriptFormatError, type TranscriptCue } from './model.ts';
import { splitSpeakerPrefix } from './speaker-prefix.ts';

export function parsePlainText(text: string): TranscriptCue[] {
  const lines = splitLines(prepareText(text, 'txt'));
  const cues: TranscriptCue[] = [];
  let paragraph: TranscriptCue | null = null;
  let speaker: string | null = null;
  for (const raw of lines) {
    const line = collapseSpaces(raw);
    const prefix = splitSpeakerPrefix(line);
    if (line === '') {
      paragraph = null;
    } else if (prefix) {
      speaker = prefix.speaker;
      paragraph = { id: null, startMs: null, endMs: null, speaker, text: prefix.text };
      cues.push(paragraph);
    } else if (paragraph) {
      paragraph.text = paragraph.text === '' ? line : `${paragraph.text} ${line}`;
    } else {
      paragraph = { id: null, startMs: null, endMs: null, speaker, text: line };
      cues.push(paragraph);
    }
  }
  const spoken = cues.filter((cue) => cue.text !== '');
  if (spoken.length === 0) {
    throw new TranscriptFormatError('txt', lines.length, said('berkas ini berisi nama pembicara tetapi tanpa ucapan', 'the file has speaker names but nothing said'));
  }
  return spoken;
}

/** As in SRT, a paragraph without a speaker after one with a speaker reads back as theirs. */
export function serializePlainText(cues: readonly TranscriptCue[]): string {
  const paragraphs = cues.map((cue) => {
    const text = collapseSpaces(cue.text);
    return cue.speaker === null ? text : `${collapseSpaces(cue.speaker)}: ${text}`;
  });
  return `${paragraphs.join('\n\n')}\n`;
}
