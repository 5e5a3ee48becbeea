// How speech regions are packed into Whisper runs and how Whisper's times map back to the file.
import { describe, expect, it } from 'vitest';
import { GAP_MS, normaliseRegions, placeSegments, planBatches, tidySegments, toFileTime } from '../../src/asr/regions.ts';

describe('speech regions', () => {
  it('sorts, merges, rounds and clips requested regions to the file', () => {
    expect(normaliseRegions([{ fromMs: 9000, toMs: 12_000 }, { fromMs: 1000.4, toMs: 3000 }, { fromMs: 2500, toMs: 4000 }, { fromMs: 50_000, toMs: 60_000 }], 10_000)).toEqual([
      { fromMs: 1000, toMs: 4000 },
      { fromMs: 9000, toMs: 10_000 },
    ]);
    expect(() => normaliseRegions([{ fromMs: -1, toMs: 5 }], 10_000)).toThrow(/run forwards/);
    expect(() => normaliseRegions([{ fromMs: Number.NaN, toMs: 5 }], 10_000)).toThrow(/run forwards/);
  });

  it('packs regions with short silences into batches, cutting only a region longer than a batch', () => {
    const batches = planBatches([{ fromMs: 0, toMs: 4000 }, { fromMs: 6000, toMs: 9000 }, { fromMs: 10_000, toMs: 25_000 }], 10_000);
    expect(batches).toEqual([
      { pieces: [{ fromMs: 0, toMs: 4000, packedFromMs: 0 }, { fromMs: 6000, toMs: 9000, packedFromMs: 4000 + GAP_MS }], packedMs: 7000 + GAP_MS },
      { pieces: [{ fromMs: 10_000, toMs: 20_000, packedFromMs: 0 }], packedMs: 10_000 },
      { pieces: [{ fromMs: 20_000, toMs: 25_000, packedFromMs: 0 }], packedMs: 5000 },
    ]);
  });

  it('maps packed times back to the file, snapping times in a gap to the speech beside them', () => {
    const [batch] = planBatches([{ fromMs: 1000, toMs: 3000 }, { fromMs: 8000, toMs: 9000 }]);
    expect(toFileTime(batch!, 500, 'start')).toBe(1500);
    expect(toFileTime(batch!, 2000 + GAP_MS / 2, 'start')).toBe(8000);
    expect(toFileTime(batch!, 2000 + GAP_MS / 2, 'end')).toBe(3000);
    expect(toFileTime(batch!, 2000 + GAP_MS + 300, 'end')).toBe(8300);
    expect(toFileTime(batch!, 99_000, 'end')).toBe(9000);
    expect(placeSegments([{ text: ' halo', t0: 0, t1: 2050 }], batch!)).toEqual([{ startMs: 1000, endMs: 3000, text: ' halo', confidence: null, noSpeechProb: null, words: null }]);
  });

  it('tidies segments: trimmed, no empty ones, in order without overlaps', () => {
    const s = (startMs: number, endMs: number, text: string) => ({ startMs, endMs, text, confidence: null, noSpeechProb: null, words: null });
    expect(tidySegments([s(0, 1000, ' satu '), s(500, 400, 'dua'), s(2000, 3000, '  '), s(2500, 2600, 'tiga')])).toEqual([
      s(0, 1000, 'satu'),
      s(1000, 1000, 'dua'),
      s(2500, 2600, 'tiga'),
    ]);
  });
});
