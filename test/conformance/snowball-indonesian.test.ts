// The Snowball Indonesian stemmer's own test vocabulary (<conformance folder>/snowball-indonesian,
// from snowballstem/snowball-data, CC BY-SA 3.0): every word maps to the official stem.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stem } from '../../src/search/stemmer.ts';
import { conformanceFolder } from './folder.ts';

const dir = conformanceFolder('snowball-indonesian');
const readLines = (file: string): string[] => readFileSync(path.join(dir, file), 'utf8').split('\n').filter((l) => l !== '');

describe('the Snowball Indonesian stemmer', () => {
  it('maps every word of the Snowball vocabulary to its official stem', () => {
    const words = readLines('voc.txt');
    const stems = readLines('output.txt');
    expect(words).toHaveLength(64_586);
    expect(stems).toHaveLength(words.length);

    const mismatches = words
      .map((word, i) => ({ word, expected: stems[i], actual: stem(word) }))
      .filter(({ expected, actual }) => expected !== actual);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});

