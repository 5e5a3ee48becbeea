import { describe, expect, it } from 'vitest';
import {
  TRANSCRIPT_CONTENT_TYPES,
  TranscriptFormatError,
  UnsupportedTranscriptTypeError,
  formatOfContentType,
  parseTranscript,
  serializeTranscript,
} from '../../../src/transcripts/formats/index.ts';
import { dialogue, formatErrorOf } from './helpers.ts';

const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v Suliwati>Sebarluaskan!\n';

describe('choosing a transcript format', () => {
  it('knows each format by its media type, whatever the parameters and case', () => {
    expect(formatOfContentType('text/vtt')).toBe('vtt');
    expect(formatOfContentType('application/x-subrip; charset=utf-8')).toBe('srt');
    expect(formatOfContentType('Application/JSON')).toBe('json');
    expect(formatOfContentType('text/plain;charset=UTF-8')).toBe('txt');
  });

  it('refuses other media types, listing the accepted ones', () => {
    expect(() => parseTranscript(vtt, 'application/pdf')).toThrow(UnsupportedTranscriptTypeError);
    expect(() => formatOfContentType('')).toThrow(
      'send one of text/vtt, application/x-subrip, application/json, text/plain',
    );
  });

  it('answers every format as UTF-8', () => {
    expect(TRANSCRIPT_CONTENT_TYPES).toEqual({
      vtt: 'text/vtt; charset=utf-8',
      srt: 'application/x-subrip; charset=utf-8',
      json: 'application/json; charset=utf-8',
      txt: 'text/plain; charset=utf-8',
    });
  });
});

describe('reading a transcript body', () => {
  const expected = [{ id: null, startMs: 0, endMs: 1_000, speaker: 'Suliwati', text: 'Sebarluaskan!' }];

  it('reads UTF-8 bytes, with or without a byte order mark, as well as a string', () => {
    expect(parseTranscript(Buffer.from(vtt), 'text/vtt')).toEqual(expected);
    expect(parseTranscript(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(vtt)]), 'text/vtt')).toEqual(expected);
    expect(parseTranscript(`\uFEFF${vtt}`, 'text/vtt')).toEqual(expected);
  });

  it('keeps non-ASCII text intact', () => {
    const text = 'Suliwati: Kegiatan KIM “Desa Cerdas” — tahap ½, café.\n';
    expect(parseTranscript(new TextEncoder().encode(text), 'text/plain')[0]!.text).toBe(
      'Kegiatan KIM “Desa Cerdas” — tahap ½, café.',
    );
  });

  it('rejects bytes that are not UTF-8, naming the line', () => {
    const latin1 = Buffer.from('Suliwati: Halo.\r\n\r\nElyanie: Caf\xe9 dulu.\n', 'latin1');
    const error = formatErrorOf(() => parseTranscript(latin1, 'text/plain'));
    expect(error).toBeInstanceOf(TranscriptFormatError);
    expect(error.format).toBe('txt');
    expect(error.message).toBe('line 3: the file is not valid UTF-8 text; save it as UTF-8 and upload it again');
  });

  it('rejects a binary upload', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(formatErrorOf(() => parseTranscript(png, 'application/x-subrip')).line).toBe(1);
    expect(formatErrorOf(() => parseTranscript(Buffer.from('WEBVTT\n\n\u0000\u0000'), 'text/vtt')).line).toBe(3);
  });

  it('rejects a declared character set other than UTF-8', () => {
    expect(formatErrorOf(() => parseTranscript(vtt, 'text/vtt; charset=ISO-8859-1')).message).toBe(
      'transcripts must be UTF-8, not iso-8859-1',
    );
  });
});

describe('writing a transcript', () => {
  it('writes each format id with its serializer', () => {
    expect(serializeTranscript(dialogue, 'vtt')).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:04\.500\n<v Penyiar>/);
    expect(serializeTranscript(dialogue, 'srt')).toMatch(/^1\n00:00:00,000 --> 00:00:04,500\nPenyiar: /);
    expect(JSON.parse(serializeTranscript(dialogue, 'json'))).toMatchObject({ version: '1.0.0' });
    expect(serializeTranscript(dialogue, 'txt')).toMatch(/^Penyiar: Selamat pagi/);
  });

  it('refuses to write a plain-text transcript, which has no timings, as a timed format', () => {
    const cues = parseTranscript('Suliwati: Halo.\n', 'text/plain');
    for (const format of ['vtt', 'srt', 'json'] as const) {
      const error = formatErrorOf(() => serializeTranscript(cues, format));
      expect(error.line).toBeNull();
      expect(error.message).toBe(`cue 1 has no timings, which ${format} needs`);
    }
  });
});
