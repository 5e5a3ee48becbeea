// The guards on recorded engine output: loops, no-speech segments over music, empty lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TranscribeResult } from '../../src/asr/types.ts';
import { NO_SPEECH_THRESHOLD, countDropped, guardSegments, isRepeat, normaliseLine } from '../../src/transcription/guards.ts';

const fixture = (name: string): TranscribeResult => JSON.parse(readFileSync(new URL(`../fixtures/asr/${name}.json`, import.meta.url), 'utf8'));
const seg = (text: string, noSpeechProb: number | null = 0.05) => ({ startMs: 0, endMs: 1000, text, confidence: 0.9, noSpeechProb, words: null });

describe('segment guards', () => {
  it('keeps every line of a clean recorded dialogue, trimmed, with its confidences', () => {
    const kim = fixture('kim-dialogue');
    const { kept, dropped } = guardSegments(kim.segments);
    expect(dropped).toEqual([]);
    expect(kept.map((s) => s.text)).toEqual(kim.segments.map((s) => s.text.trim()));
    expect(kept[2]!.words!.find((w) => w.text === 'Suliwati')!.confidence).toBe(0.41);
  });

  it('keeps the first line of a repetition loop and drops its exact and near-exact copies', () => {
    const { kept, dropped } = guardSegments(fixture('repetition-loop').segments);
    expect(kept.map((s) => s.text)).toEqual([
      'Jadi informasi harus sampai ke masyarakat.',
      'Terima kasih sudah mendengarkan.',
      'Baik, kita lanjut ke pertanyaan berikutnya.',
    ]);
    expect(countDropped(dropped)).toEqual({ repeat: 4, no_speech: 0, empty: 0 });
  });

  it('drops what the model heard over music: high no-speech probability, symbols, annotations', () => {
    const { kept, dropped } = guardSegments(fixture('music-bed').segments);
    expect(kept.map((s) => s.text)).toEqual(['Kembali lagi di Dialog Interaktif Radio Kalteng.', 'Narasumber kita hari ini sudah hadir di studio.']);
    expect(countDropped(dropped)).toEqual({ no_speech: 2, empty: 3, repeat: 0 });
  });

  it(`drops at a no-speech probability of ${NO_SPEECH_THRESHOLD} and keeps just under it, or when the engine gives none`, () => {
    const { kept } = guardSegments([seg('satu', NO_SPEECH_THRESHOLD), seg('dua', NO_SPEECH_THRESHOLD - 0.01), seg('tiga', null)]);
    expect(kept.map((s) => s.text)).toEqual(['dua', 'tiga']);
  });

  it('compares a line only with the one kept before it', () => {
    const { kept } = guardSegments([seg('Baik.'), seg('Jadi begitu.'), seg('Baik.')]);
    expect(kept).toHaveLength(3);
  });

  it('treats lines as repeats by their words, not their case or punctuation', () => {
    expect(normaliseLine('  Terima KASIH, [musik] ♪ ')).toBe('terima kasih');
    expect(isRepeat('terima kasih sudah mendengarkan', 'terima kasih sudah mendengarka')).toBe(true);
    expect(isRepeat('saya dari kim palangka raya', 'saya dari kim sampit')).toBe(false);
  });
});
