import { describe, expect, it } from 'vitest';
import { parseVtt, serializeVtt } from '../../../src/transcripts/formats/vtt.ts';
import { formatErrorOf } from './helpers.ts';

const cue = (startMs: number, endMs: number, speaker: string | null, text: string, id: string | null = null) => ({
  id,
  startMs,
  endMs,
  speaker,
  text,
});

describe('reading WebVTT', () => {
  it('reads cue ids, voices and both the MM:SS.mmm and HH:MM:SS.mmm timings', () => {
    const vtt = [
      'WEBVTT',
      '',
      'pembukaan',
      '00:01.000 --> 00:04.500',
      '<v Penyiar>Selamat pagi, pendengar RRI Palangka Raya.',
      '',
      '01:00:04.500 --> 01:00:09.250',
      '<v.loud Suliwati>Terima kasih.</v>',
    ].join('\n');
    expect(parseVtt(vtt)).toEqual([
      cue(1_000, 4_500, 'Penyiar', 'Selamat pagi, pendengar RRI Palangka Raya.', 'pembukaan'),
      cue(3_604_500, 3_609_250, 'Suliwati', 'Terima kasih.'),
    ]);
  });

  it('splits a cue with several voices into one cue per voice with the same timings', () => {
    const vtt = 'WEBVTT\n\nq1\n00:10.000 --> 00:12.000\n<v Suliwati>Sudah siap?</v> <v Elyanie>Siap, Bu.</v>\n';
    expect(parseVtt(vtt)).toEqual([
      cue(10_000, 12_000, 'Suliwati', 'Sudah siap?', 'q1'),
      cue(10_000, 12_000, 'Elyanie', 'Siap, Bu.'),
    ]);
  });

  it('keeps text after a closed voice span with that voice, and text before any voice without a speaker', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:02.000\n(musik) <v Penyiar>Halo</v> semuanya\n';
    expect(parseVtt(vtt)).toEqual([cue(0, 2_000, null, '(musik)'), cue(0, 2_000, 'Penyiar', 'Halo semuanya')]);
  });

  it('strips other inline tags and timestamps, and decodes character references', () => {
    const vtt =
      'WEBVTT\n\n00:00.000 --> 00:05.000\n' +
      '<v Tamu &amp; Co>KIM &amp; <b>desa</b> <i>&lt;aktif&gt;</i><00:02.000> <c.yellow>caf&eacute;</c>&nbsp;ok &#233;</v>\n';
    expect(parseVtt(vtt)).toEqual([cue(0, 5_000, 'Tamu & Co', 'KIM & desa <aktif> café\u00A0ok é')]);
  });

  it('joins the lines of a cue with single spaces', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:05.000\n<v Elyanie>Informasi harus\n  sampai ke\tdesa.\n';
    expect(parseVtt(vtt)[0]!.text).toBe('Informasi harus sampai ke desa.');
  });

  it('accepts a byte order mark, CRLF line ends, header metadata, NOTE, STYLE and REGION blocks', () => {
    const vtt = [
      '\uFEFFWEBVTT - Dialog RRI',
      'Kind: captions',
      'Language: id',
      '',
      'REGION',
      'id:bawah',
      'width:40%',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'NOTE disunting oleh Diskominfo',
      '',
      '00:00.000 --> 00:01.000 region:bawah align:start',
      'Halo',
    ].join('\r\n');
    expect(parseVtt(vtt)).toEqual([cue(0, 1_000, null, 'Halo')]);
  });

  it('returns cues in order of their start, as a player would show them', () => {
    const vtt = 'WEBVTT\n\n00:05.000 --> 00:06.000\nkedua\n\n00:01.000 --> 00:02.000\npertama\n';
    expect(parseVtt(vtt).map((c) => c.text)).toEqual(['pertama', 'kedua']);
  });

  it('drops cues without text and keeps zero-length cues', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:01.000\nya\n';
    expect(parseVtt(vtt)).toEqual([cue(1_000, 1_000, null, 'ya')]);
  });
});

describe('writing WebVTT', () => {
  it('writes the header, ids, HH:MM:SS.mmm timings and voices', () => {
    const vtt = serializeVtt([
      cue(1_000, 4_500, 'Penyiar', 'Selamat pagi.', 'pembukaan'),
      cue(3_604_500, 3_609_250, null, 'Terima kasih.'),
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\npembukaan\n00:00:01.000 --> 00:00:04.500\n<v Penyiar>Selamat pagi.\n\n' +
        '01:00:04.500 --> 01:00:09.250\nTerima kasih.\n',
    );
  });

  it('wraps long text at about 65 characters into lines of the same cue', () => {
    const text =
      'Kelompok Informasi Masyarakat adalah mitra kerja pemerintah dalam diseminasi informasi ' +
      'sampai ke desa-desa di seluruh Kalimantan Tengah.';
    const vtt = serializeVtt([cue(0, 9_000, 'Suliwati', text)]);
    const textLines = vtt.split('\n').slice(3, -1);
    expect(textLines.length).toBeGreaterThan(1);
    expect(textLines.every((line) => line.replace('<v Suliwati>', '').length <= 65)).toBe(true);
    expect(vtt.split('\n\n')).toHaveLength(2);
    expect(parseVtt(vtt)).toEqual([cue(0, 9_000, 'Suliwati', text)]);
  });

  it('escapes &, < and > in text and speaker names', () => {
    const vtt = serializeVtt([cue(0, 1_000, 'A & <B>', 'x < y && y --> z')]);
    expect(vtt).toContain('<v A &amp; &lt;B&gt;>x &lt; y &amp;&amp; y --&gt; z');
    expect(parseVtt(vtt)).toEqual([cue(0, 1_000, 'A & <B>', 'x < y && y --> z')]);
  });

  it('refuses cues without timings', () => {
    expect(formatErrorOf(() => serializeVtt([cue(0, 0, null, 'x'), { ...cue(0, 0, null, 'y'), startMs: null }])).message).toBe(
      'cue 2 has no timings, which vtt needs',
    );
  });
});

describe('rejecting malformed WebVTT', () => {
  it('rejects a file that does not start with WEBVTT', () => {
    const error = formatErrorOf(() => parseVtt('1\n00:00:01,000 --> 00:00:02,000\nHalo\n'));
    expect(error.format).toBe('vtt');
    expect(error.line).toBe(1);
    expect(error.message).toBe('line 1: expected the file to start with "WEBVTT"');
  });

  it('rejects a cue whose timing cannot be read, naming its line', () => {
    const error = formatErrorOf(() =>
      parseVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nsatu\n\n00:01.000 --> 00:02,000\ndua\n'),
    );
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/^line 6: expected a timing like 00:01:02\.000 --> 00:01:05\.000/);
  });

  it('rejects a file truncated in the middle of a timing', () => {
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nsatu\n\n00:01.000 --> 00:0')).line).toBe(6);
  });

  it('rejects minutes or seconds past 59', () => {
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\n00:00:60.000 --> 00:01:00.000\nx\n')).message).toContain(
      'more than 59 seconds',
    );
  });

  it('rejects a cue identifier with no timing after it', () => {
    const error = formatErrorOf(() => parseVtt('WEBVTT\n\n1\nSuliwati: lupa waktunya\n'));
    expect(error.line).toBe(4);
    expect(error.message).toContain('after the cue identifier "1"');
  });

  it('rejects a file that ends right after a cue identifier', () => {
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nsatu\n\n2')).message).toBe(
      'line 6: the file ends after the cue identifier "2", without its timing',
    );
  });

  it('rejects a cue that would vanish into a NOTE comment for want of a blank line', () => {
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\nNOTE disunting\n00:00.000 --> 00:01.000\nHalo\n')).message).toBe(
      'line 4: a timing inside a NOTE comment; leave a blank line between the NOTE comment and the cue',
    );
  });

  it('rejects a cue that ends before it starts', () => {
    const error = formatErrorOf(() => parseVtt('WEBVTT\n\n00:00:02.000 --> 00:00:01.999\nx\n'));
    expect(error.message).toBe('line 3: the cue ends before it starts');
  });

  it('rejects a header without cues, an empty file, NUL bytes and binary junk', () => {
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\nNOTE nothing yet\n')).message).toBe(
      'line 4: the file ends without a single cue with text',
    );
    expect(formatErrorOf(() => parseVtt('')).message).toBe('line 1: the file is empty');
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nte\u0000xt\n')).message).toBe(
      'line 4: contains a NUL byte; this looks like a binary file, not a transcript',
    );
    expect(formatErrorOf(() => parseVtt('WEBVTT\n\u0001\u0002\u0003')).line).toBe(2);
  });
});
