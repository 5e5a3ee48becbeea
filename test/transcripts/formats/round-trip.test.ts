import { describe, expect, it } from 'vitest';
import type { TranscriptCue } from '../../../src/transcripts/formats/model.ts';
import { parseTranscript, serializeTranscript, TRANSCRIPT_CONTENT_TYPES } from '../../../src/transcripts/formats/index.ts';
import { dialogue } from './helpers.ts';

const through = (cues: readonly TranscriptCue[], format: keyof typeof TRANSCRIPT_CONTENT_TYPES) =>
  parseTranscript(Buffer.from(serializeTranscript(cues, format)), TRANSCRIPT_CONTENT_TYPES[format]);

/** What a listener gets from a cue: ids are a file's bookkeeping, not every format has them. */
const spoken = (cues: readonly TranscriptCue[]) =>
  cues.map(({ startMs, endMs, speaker, text }) => ({ startMs, endMs, speaker, text }));

describe('round trips', () => {
  it('keeps every cue through WebVTT, ids included', () => {
    const withIds = dialogue.map((cue, i) => ({ ...cue, id: i === 0 ? 'pembukaan' : null }));
    expect(through(withIds, 'vtt')).toEqual(withIds);
  });

  it('keeps text, timings and speakers through SRT, where ids become cue numbers', () => {
    const back = through(dialogue, 'srt');
    expect(spoken(back)).toEqual(spoken(dialogue));
    expect(back.map((cue) => cue.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('keeps every cue through Podcasting 2.0 JSON, timings to the millisecond', () => {
    expect(through(dialogue, 'json')).toEqual(dialogue);
  });

  it('keeps millisecond timings that floats in seconds cannot represent exactly', () => {
    const awkward = [1, 7, 29, 1_001, 754_100, 3_599_999, 86_399_999, 360_000_001].map((ms, i) => ({
      id: null,
      startMs: ms,
      endMs: ms + 333,
      speaker: null,
      text: `segmen ${i}`,
    }));
    expect(through(awkward, 'json')).toEqual(awkward);
    expect(spoken(through(awkward, 'vtt'))).toEqual(spoken(awkward));
    expect(spoken(through(awkward, 'srt'))).toEqual(spoken(awkward));
  });

  it('keeps speakers and text through plain text, without timings', () => {
    expect(through(dialogue, 'txt')).toEqual(
      dialogue.map(({ speaker, text }) => ({ id: null, startMs: null, endMs: null, speaker, text })),
    );
  });

  it('writes the same file again after reading back what it wrote', () => {
    for (const format of ['vtt', 'srt', 'json', 'txt'] as const) {
      const once = serializeTranscript(dialogue, format);
      expect(serializeTranscript(parseTranscript(once, TRANSCRIPT_CONTENT_TYPES[format]), format)).toBe(once);
    }
  });

  it('keeps text, timings and speakers from WebVTT through JSON and SRT back to WebVTT', () => {
    const source = [
      'WEBVTT',
      '',
      '00:00.000 --> 00:04.500',
      '<v Penyiar>Selamat pagi, pendengar RRI Palangka Raya.',
      '',
      '00:04.500 --> 00:21.333',
      '<v Suliwati>Kelompok Informasi Masyarakat adalah mitra kerja pemerintah dalam',
      'diseminasi informasi sampai ke desa-desa &amp; dusun.',
      '',
      '12:34.100 --> 12:41.500',
      '<v Elyanie>Lawan hoaks.</v> <v Suliwati>Setuju.</v>',
      '',
    ].join('\n');
    const original = parseTranscript(source, 'text/vtt');
    const json = serializeTranscript(original, 'json');
    const srt = serializeTranscript(parseTranscript(json, 'application/json'), 'srt');
    const vtt = serializeTranscript(parseTranscript(srt, 'application/x-subrip'), 'vtt');
    const final = parseTranscript(vtt, 'text/vtt');

    expect(spoken(final)).toEqual(spoken(original));
    expect(spoken(final)).toEqual([
      { startMs: 0, endMs: 4_500, speaker: 'Penyiar', text: 'Selamat pagi, pendengar RRI Palangka Raya.' },
      {
        startMs: 4_500,
        endMs: 21_333,
        speaker: 'Suliwati',
        text:
          'Kelompok Informasi Masyarakat adalah mitra kerja pemerintah dalam ' +
          'diseminasi informasi sampai ke desa-desa & dusun.',
      },
      { startMs: 754_100, endMs: 761_500, speaker: 'Elyanie', text: 'Lawan hoaks.' },
      { startMs: 754_100, endMs: 761_500, speaker: 'Suliwati', text: 'Setuju.' },
    ]);
  });
});
