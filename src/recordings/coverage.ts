// Which recordings cover a span of station time, and which parts of it none does.
//
// Recordings may overlap (a logger and a studio recorder, or a logger restarted mid-hour):
// from each point the one reaching furthest is taken, so the span is cut from as few files
// as possible and no moment is played twice.

export interface Covering {
  id: string;
  startsAtMs: number;
  endsAtMs: number;
}

export interface CoveragePiece<R extends Covering> {
  recording: R;
  /** Offsets into the recording's own audio. */
  fromMs: number;
  toMs: number;
}

export type CoveragePart<R extends Covering> = { kind: 'recording'; piece: CoveragePiece<R> } | { kind: 'gap'; fromMs: number; toMs: number };

export interface Coverage<R extends Covering> {
  /** The span in playing order: pieces of recordings, and the gaps between them. */
  parts: CoveragePart<R>[];
  /** Instants (epoch ms) no recording covers. */
  missing: { fromMs: number; toMs: number }[];
  coveredMs: number;
}

// Consecutive logger files rarely meet to the millisecond (encoder padding, clock jitter):
// a hole this small is not worth reporting and is far inside the 0.5 s a cut must be accurate to.
export const GAP_TOLERANCE_MS = 250;

export function planCoverage<R extends Covering>(recordings: readonly R[], fromMs: number, toMs: number): Coverage<R> {
  const parts: CoveragePart<R>[] = [];
  const missing: { fromMs: number; toMs: number }[] = [];
  let coveredMs = 0;
  let cursor = fromMs;
  const gapUntil = (end: number) => {
    if (end - cursor > GAP_TOLERANCE_MS) {
      parts.push({ kind: 'gap', fromMs: cursor, toMs: end });
      missing.push({ fromMs: cursor, toMs: end });
    }
    cursor = end;
  };
  while (cursor < toMs) {
    let best: R | null = null;
    for (const r of recordings) {
      // A recording starting just after the cursor still counts: see GAP_TOLERANCE_MS.
      if (r.startsAtMs <= cursor + GAP_TOLERANCE_MS && r.startsAtMs < toMs && r.endsAtMs > cursor && (!best || r.endsAtMs > best.endsAtMs)) best = r;
    }
    if (!best) {
      const next = recordings.filter((r) => r.startsAtMs > cursor && r.startsAtMs < toMs).reduce((min, r) => Math.min(min, r.startsAtMs), toMs);
      gapUntil(next);
      continue;
    }
    const end = Math.min(best.endsAtMs, toMs);
    const from = Math.max(cursor, best.startsAtMs);
    parts.push({ kind: 'recording', piece: { recording: best, fromMs: from - best.startsAtMs, toMs: end - best.startsAtMs } });
    coveredMs += end - from;
    cursor = end;
  }
  return { parts, missing, coveredMs };
}
