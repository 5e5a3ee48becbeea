import { describe, expect, it } from 'vitest';
import { parsePodcastJson, serializePodcastJson } from '../../../src/transcripts/formats/podcast-json.ts';
import { formatErrorOf } from './helpers.ts';

const cue = (startMs: number, endMs: number, speaker: string | null, text: string) => ({
  id: null,
  startMs,
  endMs,
  speaker,
  text,
});

const segments = (...list: unknown[]) => JSON.stringify({ version: '1.0.0', segments: list });

describe('reading Podcasting 2.0 JSON', () => {
  it('reads segments with float seconds as whole milliseconds', () => {
    const json = segments(
      { speaker: 'Suliwati', startTime: 754.1, endTime: 761.5, body: 'Upaya penyebarluasan informasi.' },
      { startTime: 0.0015, endTime: 1.0005, body: '  Tanpa\n pembicara. ' },
    );
    expect(parsePodcastJson(json)).toEqual([
      cue(754_100, 761_500, 'Suliwati', 'Upaya penyebarluasan informasi.'),
      cue(2, 1_001, null, 'Tanpa pembicara.'),
    ]);
  });

  it('reads a null or blank speaker as no speaker and drops segments without a body', () => {
    const json = segments(
      { speaker: null, startTime: 0, endTime: 1, body: 'satu' },
      { speaker: ' ', startTime: 1, endTime: 2, body: 'dua' },
      { speaker: 'Elyanie', startTime: 2, endTime: 3, body: ' ' },
    );
    expect(parsePodcastJson(json)).toEqual([cue(0, 1_000, null, 'satu'), cue(1_000, 2_000, null, 'dua')]);
  });
});

describe('writing Podcasting 2.0 JSON', () => {
  it('writes version 1.0.0 and one segment a line, with times in seconds and the speaker only when known', () => {
    const json = serializePodcastJson([
      cue(754_100, 761_500, 'Suliwati', 'Upaya "penyebarluasan".'),
      cue(761_500, 762_001, null, 'Ya.'),
    ]);
    expect(json).toBe(
      '{"version":"1.0.0","segments":[\n' +
        '{"speaker":"Suliwati","startTime":754.1,"endTime":761.5,"body":"Upaya \\"penyebarluasan\\"."},\n' +
        '{"startTime":761.5,"endTime":762.001,"body":"Ya."}\n' +
        ']}\n',
    );
  });
});

describe('rejecting malformed Podcasting 2.0 JSON', () => {
  it('rejects a truncated file at its last line', () => {
    const error = formatErrorOf(() => parsePodcastJson('{"version":"1.0.0",\n"segments":[\n{"startTime":0,'));
    expect(error.format).toBe('json');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: not valid JSON: /);
  });

  it('rejects a syntax error at its line, trailing commas included', () => {
    const missingComma = '{"version":"1.0.0",\n"segments":[\n{"startTime":0 "endTime":1}]}';
    expect(formatErrorOf(() => parsePodcastJson(missingComma)).line).toBe(3);
    const trailingComma = '{"version":"1.0.0",\n"segments":[\n{"startTime":0,"endTime":1,"body":"x"},\n]}';
    expect(formatErrorOf(() => parsePodcastJson(trailingComma)).line).toBe(4);
    expect(formatErrorOf(() => parsePodcastJson('Suliwati: bukan JSON')).line).toBe(1);
  });

  it('names the field path and line of a wrong shape', () => {
    const json = [
      '{"version": "1.0.0", "segments": [',
      '  {"startTime": 0, "endTime": 1, "body": "ok"},',
      '  {"startTime": 1, "endTime": 2, "body": "ok"},',
      '  {',
      '    "startTime": "00:00:01",',
      '    "endTime": 2',
      '  }',
      ']}',
    ].join('\n');
    const error = formatErrorOf(() => parsePodcastJson(json));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^line 5: segments\[2\]\.startTime: .*number/);
    expect(error.message).toContain('segments[2].body: ');
  });

  it('rejects negative times and a segment that ends before it starts', () => {
    expect(formatErrorOf(() => parsePodcastJson(segments({ startTime: -1, endTime: 1, body: 'x' }))).message).toMatch(
      /^line 1: segments\[0\]\.startTime: /,
    );
    expect(formatErrorOf(() => parsePodcastJson(segments({ startTime: 2, endTime: 1.9994, body: 'x' }))).message).toBe(
      'line 1: segments[0].endTime: must not be before startTime',
    );
  });

  it('rejects a document without version or segments, and a bare array', () => {
    expect(formatErrorOf(() => parsePodcastJson('{"segments":[]}')).message).toMatch(/^line 1: version: /);
    expect(formatErrorOf(() => parsePodcastJson('{"version":"1.0.0"}')).message).toMatch(/^line 1: segments: /);
    expect(formatErrorOf(() => parsePodcastJson('\n[{"startTime":0,"endTime":1,"body":"x"}]')).message).toMatch(
      /^line 2: the document: /,
    );
  });

  it('rejects a transcript with no segments, an empty file and a binary file', () => {
    expect(formatErrorOf(() => parsePodcastJson('{"version": "1.0.0",\n "segments": []}')).message).toBe(
      'line 2: segments: there is no segment with a body',
    );
    expect(formatErrorOf(() => parsePodcastJson('\uFEFF')).message).toBe('line 1: the file is empty');
    expect(formatErrorOf(() => parsePodcastJson('{"version":\n"1.0.0\u0000"}')).line).toBe(2);
  });
});
