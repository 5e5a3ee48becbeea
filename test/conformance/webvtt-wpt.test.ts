// Runs the web-platform-tests WebVTT file-parsing cases (<conformance folder>/webvtt) against
// the reference parser exactly as parseVtt configures it. Each X.js is evaluated as
// written, with small stand-ins for the testharness assertions and the cue fields that
// the WPT's VTTCue exposes under other names than webvtt-parser's.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cue } from 'webvtt-parser';
import { describe, expect, it } from 'vitest';
import { parseVttDocument } from '../../src/transcripts/formats/vtt.ts';
import { conformanceFolder } from './folder.ts';

const casesDir = conformanceFolder('webvtt', 'wpt-file-parsing');
const cases = readdirSync(casesDir)
  .filter((file) => file.endsWith('.vtt'))
  .map((file) => file.slice(0, -'.vtt'.length))
  .sort();

/**
 * Where the parser and the WPT expectation part ways on purpose, with the failures that
 * are therefore expected. A case listed here that starts passing fails the test, so the
 * list cannot go stale.
 */
const KNOWN_DIFFERENCES: Record<string, { why: string; failures: string[] }> = {
  'settings-line': {
    why: 'webvtt-parser reports "line:-0" as -0 where WPT wants +0; line settings are layout, which a transcript does not keep',
    failures: ['Failed with cue 2: expected 0, got -0'],
  },
};

/** Thrown when a case reaches for cue.region: webvtt-parser does not parse REGION blocks. */
class RegionsNotKept extends Error {}

interface Outcome {
  assertions: number;
  failures: string[];
  stoppedAtRegion: boolean;
}

function show(value: unknown): string {
  return Object.is(value, -0) ? '-0' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function runCase(name: string): Outcome {
  const vtt = readFileSync(path.join(casesDir, `${name}.vtt`), 'utf8');
  const script = readFileSync(path.join(casesDir, `${name}.js`), 'utf8');
  const cues = parseVttDocument(vtt).cues.map((cue: Cue) =>
    Object.defineProperty(
      {
        ...cue,
        vertical: cue.direction === 'horizontal' ? '' : cue.direction,
        align: cue.alignment,
        line: cue.linePosition,
        position: cue.textPosition,
      },
      'region',
      {
        get() {
          throw new RegionsNotKept();
        },
      },
    ),
  );

  const outcome: Outcome = { assertions: 0, failures: [], stoppedAtRegion: false };
  const check = (holds: boolean, description: string | undefined, detail: string) => {
    outcome.assertions++;
    if (!holds) outcome.failures.push(description ? `${description}: ${detail}` : detail);
  };
  // testharness.js compares with SameValue: NaN equals NaN, +0 does not equal -0.
  const same = (a: unknown, b: unknown) => Object.is(a, b);
  const harness = {
    assert_equals: (actual: unknown, expected: unknown, description?: string) =>
      check(same(actual, expected), description, `expected ${show(expected)}, got ${show(actual)}`),
    assert_not_equals: (actual: unknown, expected: unknown, description?: string) =>
      check(!same(actual, expected), description, `expected anything but ${show(expected)}`),
    assert_true: (actual: unknown, description?: string) =>
      check(actual === true, description, `expected true, got ${show(actual)}`),
    assert_false: (actual: unknown, description?: string) =>
      check(actual === false, description, `expected false, got ${show(actual)}`),
  };
  try {
    new Function('cues', ...Object.keys(harness), script)(cues, ...Object.values(harness));
  } catch (error) {
    if (!(error instanceof RegionsNotKept)) throw error;
    outcome.stoppedAtRegion = true;
  }
  return outcome;
}

describe('the WebVTT parser against the web-platform-tests file-parsing cases', () => {
  it('finds the cases in the conformance folder', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  for (const name of cases) {
    const known = KNOWN_DIFFERENCES[name];
    const script = readFileSync(path.join(casesDir, `${name}.js`), 'utf8');
    if (!/^[^/]*assert_/m.test(script)) {
      it(`${name}: asserts nothing a script can check, and the parser reads it without failing`, () => {
        expect(runCase(name).assertions).toBe(0);
      });
    } else if (name.includes('region')) {
      it(`${name}: keeps every cue of a file with regions (region fields themselves are not kept)`, () => {
        const outcome = runCase(name);
        expect(outcome.failures).toEqual([]);
        // Each region case asserts the cue count before it looks at a region.
        expect(outcome.assertions).toBeGreaterThan(0);
        expect(outcome.stoppedAtRegion).toBe(true);
      });
    } else if (known) {
      it(`${name}: satisfies every assertion but the known difference (${known.why})`, () => {
        expect(runCase(name).failures).toEqual(known.failures);
      });
    } else {
      it(`${name}: satisfies every assertion`, () => {
        const outcome = runCase(name);
        expect(outcome.failures).toEqual([]);
        expect(outcome.stoppedAtRegion).toBe(false);
      });
    }
  }
});
