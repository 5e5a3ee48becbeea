import { describe, expect, it } from 'vitest';
import { parseSrt, serializeSrt } from '../../../src/transcripts/formats/srt.ts';
import { formatErrorOf } from './helpers.ts';

const cue = (startMs: number, endMs: number, speaker: string | null, text: string, id: string | null = null) => ({
  id,
  startMs,
  endMs,
  speaker,
  text,
});

describe('reading SRT', () => {
  it('reads numbered cues and HH:MM:SS,mmm timings, carrying a speaker until the next Name: prefix', () => {
    const srt = [
      '1',
      '00:00:01,000 --> 00:00:04,500',
      'Penyiar: Selamat pagi, pendengar',
      'RRI Palangka Raya.',
      '',
      '2',
      '00:00:04,500 --> 00:00:06,000',
      'Hari ini bersama dua narasumber.',
      '',
      '3',
      '01:02:03,004 --> 01:02:05,000',
      'Suliwati: Terima kasih.',
      '',
    ].join('\n');
    expect(parseSrt(srt)).toEqual([
      cue(1_000, 4_500, 'Penyiar', 'Selamat pagi, pendengar RRI Palangka Raya.', '1'),
      cue(4_500, 6_000, 'Penyiar', 'Hari ini bersama dua narasumber.', '2'),
      cue(3_723_004, 3_725_000, 'Suliwati', 'Terima kasih.', '3'),
    ]);
  });

  it('leaves text without any prefix unattributed', () => {
    expect(parseSrt('1\n00:00:00,000 --> 00:00:01,000\nHalo.\n')).toEqual([cue(0, 1_000, null, 'Halo.', '1')]);
  });

  it.each([
    ['a clock time', 'Pukul 10:30 kita mulai.'],
    ['a URL', 'Https://diskominfo.kalteng.go.id punya datanya.'],
    ['a sentence with a colon', 'Yang penting: jangan sebarkan hoaks.'],
    ['more than four words before a colon', 'Kata Kepala Dinas Kominfo Kalteng: cek dulu.'],
  ])('does not mistake %s for a speaker', (_what, text) => {
    expect(parseSrt(`1\n00:00:00,000 --> 00:00:01,000\n${text}\n`)[0]).toMatchObject({ speaker: null, text });
  });

  it.each([
    ['dr. Suliwati: Baik.', 'dr. Suliwati'],
    ['Narasumber 2: Baik.', 'Narasumber 2'],
    ['Elyanie, S.E.: Baik.', 'Elyanie, S.E.'],
    ['Kepala Seksi Kemitraan Komunikasi: Baik.', 'Kepala Seksi Kemitraan Komunikasi'],
  ])('recognises the speaker in "%s"', (line, speaker) => {
    expect(parseSrt(`1\n00:00:00,000 --> 00:00:01,000\n${line}\n`)[0]).toMatchObject({ speaker, text: 'Baik.' });
  });

  it('strips player markup, and accepts a missing cue number, a full stop before the milliseconds, CRLF and a BOM', () => {
    const srt = '\uFEFF00:00:00.000 --> 00:00:01.250 X1:10 X2:20\r\n<i>Elyanie:</i> {\\an8}<font color="#ff0">Siap</font>\r\n';
    expect(parseSrt(srt)).toEqual([cue(0, 1_250, 'Elyanie', 'Siap')]);
  });

  it('drops cues without text', () => {
    expect(parseSrt('1\n00:00:00,000 --> 00:00:01,000\n\n2\n00:00:01,000 --> 00:00:02,000\nAda.\n')).toEqual([
      cue(1_000, 2_000, null, 'Ada.', '2'),
    ]);
  });
});

describe('writing SRT', () => {
  it('numbers cues from 1 and writes the speaker only when it changes', () => {
    const srt = serializeSrt([
      cue(1_000, 4_500, 'Penyiar', 'Selamat pagi.', 'pembukaan'),
      cue(4_500, 6_000, 'Penyiar', 'Hari ini bersama dua narasumber.'),
      cue(3_723_004, 3_725_000, 'Suliwati', 'Terima kasih.'),
    ]);
    expect(srt).toBe(
      '1\n00:00:01,000 --> 00:00:04,500\nPenyiar: Selamat pagi.\n\n' +
        '2\n00:00:04,500 --> 00:00:06,000\nHari ini bersama dua narasumber.\n\n' +
        '3\n01:02:03,004 --> 01:02:05,000\nSuliwati: Terima kasih.\n',
    );
  });

  it('repeats the speaker when the text itself opens like a speaker prefix', () => {
    const cues = [cue(0, 1_000, 'Suliwati', 'Baik.'), cue(1_000, 2_000, 'Suliwati', 'Contohnya: grup WhatsApp desa.')];
    expect(serializeSrt(cues)).toContain('Suliwati: Contohnya: grup WhatsApp desa.');
    expect(parseSrt(serializeSrt(cues)).map((c) => [c.speaker, c.text])).toEqual(cues.map((c) => [c.speaker, c.text]));
  });

  it('wraps long text into lines of the same cue', () => {
    const text = 'Diseminasi informasi '.repeat(8).trim();
    const srt = serializeSrt([cue(0, 1_000, null, text)], { lineWidth: 40 });
    const textLines = srt.trimEnd().split('\n').slice(2);
    expect(textLines.length).toBeGreaterThan(1);
    expect(textLines.every((line) => line.length <= 40)).toBe(true);
    expect(parseSrt(srt)[0]!.text).toBe(text);
  });
});

describe('rejecting malformed SRT', () => {
  it('rejects a timing it cannot read, naming the line', () => {
    const error = formatErrorOf(() =>
      parseSrt('1\n00:00:00,000 --> 00:00:01,000\nSatu.\n\n2\n00:00:01 --> 00:00:02\nDua.\n'),
    );
    expect(error.format).toBe('srt');
    expect(error.line).toBe(6);
    expect(error.message).toBe(
      'line 6: expected a timing like 00:01:02,000 --> 00:01:05,000, found "00:00:01 --> 00:00:02"',
    );
  });

  it('rejects text where a cue should start', () => {
    expect(formatErrorOf(() => parseSrt('1\n00:00:00,000 --> 00:00:01,000\nSatu.\n\nlalu ini\n')).message).toBe(
      'line 5: expected a cue number or a timing like 00:01:02,000 --> 00:01:05,000, found "lalu ini"',
    );
  });

  it('rejects a file truncated after a cue number', () => {
    expect(formatErrorOf(() => parseSrt('1\n00:00:00,000 --> 00:00:01,000\nSatu.\n\n2')).message).toBe(
      'line 6: expected a timing like 00:01:02,000 --> 00:01:05,000, found the end of the file',
    );
  });

  it('rejects a file truncated inside a timing', () => {
    expect(formatErrorOf(() => parseSrt('1\n00:00:00,000 --> 00:00:01,000\nSatu.\n\n2\n00:00:02,0')).line).toBe(6);
  });

  it('rejects minutes or seconds past 59 and cues that end before they start', () => {
    expect(formatErrorOf(() => parseSrt('1\n00:60:00,000 --> 01:00:00,000\nx\n')).message).toBe(
      'line 2: minutes and seconds in a timing must be below 60',
    );
    expect(formatErrorOf(() => parseSrt('1\n00:00:02,000 --> 00:00:01,000\nx\n')).message).toBe(
      'line 2: the cue ends before it starts',
    );
  });

  it('rejects files without cues, empty files and binary files', () => {
    expect(formatErrorOf(() => parseSrt('1\n00:00:00,000 --> 00:00:01,000\n\n')).message).toBe(
      'line 4: the file ends without a single cue with text',
    );
    expect(formatErrorOf(() => parseSrt('\n\n  \n')).line).toBe(1);
    expect(formatErrorOf(() => parseSrt('1\n00:00:00,000 --> 00:00:01,000\n\u0000\u0000\u0000')).message).toBe(
      'line 3: contains a NUL byte; this looks like a binary file, not a transcript',
    );
  });
});
