import { describe, expect, it } from 'vitest';
import { parsePlainText, serializePlainText } from '../../../src/transcripts/formats/plain-text.ts';
import { formatErrorOf } from './helpers.ts';

const paragraph = (speaker: string | null, text: string) => ({ id: null, startMs: null, endMs: null, speaker, text });

describe('reading plain text', () => {
  it('starts a paragraph at each Name: line and continues it on lines without a prefix', () => {
    const text = [
      'Penyiar: Selamat pagi, pendengar RRI Palangka Raya.',
      'Hari ini kita membahas peran KIM daerah.',
      'Suliwati: Terima kasih.',
      'Elyanie:',
      'Upaya penyebarluasan',
      'informasi pukul 10:30 tadi.',
    ].join('\n');
    expect(parsePlainText(text)).toEqual([
      paragraph('Penyiar', 'Selamat pagi, pendengar RRI Palangka Raya. Hari ini kita membahas peran KIM daerah.'),
      paragraph('Suliwati', 'Terima kasih.'),
      paragraph('Elyanie', 'Upaya penyebarluasan informasi pukul 10:30 tadi.'),
    ]);
  });

  it('starts a paragraph after a blank line, keeping the speaker, and leaves text before any name unattributed', () => {
    const text = 'Rekaman dialog interaktif.\n\nSuliwati: Satu.\n\n\nDua.\r\n';
    expect(parsePlainText(text)).toEqual([
      paragraph(null, 'Rekaman dialog interaktif.'),
      paragraph('Suliwati', 'Satu.'),
      paragraph('Suliwati', 'Dua.'),
    ]);
  });
});

describe('writing plain text', () => {
  it('writes Name: text paragraphs separated by blank lines', () => {
    expect(
      serializePlainText([
        { id: '1', startMs: 0, endMs: 1_000, speaker: 'Suliwati', text: 'Satu.' },
        paragraph(null, 'Dua.'),
      ]),
    ).toBe('Suliwati: Satu.\n\nDua.\n');
  });
});

describe('rejecting malformed plain text', () => {
  it('rejects an empty file, names with nothing said, and binary files', () => {
    expect(formatErrorOf(() => parsePlainText(' \n\t\n')).message).toBe('line 1: the file is empty');
    expect(formatErrorOf(() => parsePlainText('Suliwati:\nElyanie:\n')).message).toBe(
      'line 3: the file has speaker names but nothing said',
    );
    const error = formatErrorOf(() => parsePlainText('Suliwati: Halo.\n\u001b[31m\u0007'));
    expect(error.format).toBe('txt');
    expect(error.message).toBe(
      'line 2: contains the control character U+001B; this looks like a binary file, not a transcript',
    );
  });
});
