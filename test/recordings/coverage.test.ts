// Which recordings a span is cut from: across boundaries, through overlaps, around gaps.
import { describe, expect, it } from 'vitest';
import { GAP_TOLERANCE_MS, planCoverage } from '../../src/recordings/coverage.ts';

const H = 3_600_000;
const rec = (id: string, fromH: number, toH: number) => ({ id, startsAtMs: fromH * H, endsAtMs: toH * H });
const summary = (plan: ReturnType<typeof planCoverage>) =>
  plan.parts.map((p) => (p.kind === 'gap' ? `gap ${p.fromMs / H}-${p.toMs / H}` : `${p.piece.recording.id} ${p.piece.fromMs / H}-${p.piece.toMs / H}`));

describe('planning the coverage of a span', () => {
  it('cuts across the boundary of two hourly files', () => {
    const plan = planCoverage([rec('h9', 9, 10), rec('h10', 10, 11)], 9.5 * H, 10.5 * H);
    expect(summary(plan)).toEqual(['h9 0.5-1', 'h10 0-0.5']);
    expect(plan.missing).toEqual([]);
    expect(plan.coveredMs).toBe(H);
  });

  it('plays no moment twice where recordings overlap, taking the one that reaches furthest', () => {
    const plan = planCoverage([rec('logger', 9, 10), rec('restart', 9.25, 10.75), rec('short', 9.5, 9.6)], 9 * H, 10.5 * H);
    expect(summary(plan)).toEqual(['logger 0-1', 'restart 0.75-1.25']);
    expect(plan.coveredMs).toBe(1.5 * H);
  });

  it('reports the time no recording covers, at the start, in the middle and at the end', () => {
    const plan = planCoverage([rec('a', 9.25, 9.5), rec('b', 9.75, 10)], 9 * H, 10.5 * H);
    expect(summary(plan)).toEqual(['gap 9-9.25', 'a 0-0.25', 'gap 9.5-9.75', 'b 0-0.25', 'gap 10-10.5']);
    expect(plan.missing.map((m) => [m.fromMs / H, m.toMs / H])).toEqual([[9, 9.25], [9.5, 9.75], [10, 10.5]]);
    expect(plan.coveredMs).toBe(0.5 * H);
  });

  it('ignores the few milliseconds consecutive files rarely meet by, but not more', () => {
    const small = planCoverage([rec('a', 9, 10), { id: 'b', startsAtMs: 10 * H + GAP_TOLERANCE_MS - 50, endsAtMs: 11 * H }], 9 * H, 11 * H);
    expect(small.missing).toEqual([]);
    const large = planCoverage([rec('a', 9, 10), { id: 'b', startsAtMs: 10 * H + 2000, endsAtMs: 11 * H }], 9 * H, 11 * H);
    expect(large.missing).toEqual([{ fromMs: 10 * H, toMs: 10 * H + 2000 }]);
  });

  it('finds nothing when no recording touches the span', () => {
    const plan = planCoverage([rec('a', 7, 8)], 9 * H, 10 * H);
    expect(plan.coveredMs).toBe(0);
    expect(plan.missing).toEqual([{ fromMs: 9 * H, toMs: 10 * H }]);
  });
});
