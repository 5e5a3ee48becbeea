/**
 * The Snowball Indonesian stemmer, ported by hand from `algorithms/indonesian.sbl` of
 * https://github.com/snowballstem/snowball (the algorithm as shipped with Snowball 3.x,
 * described at https://snowballstem.org/algorithms/indonesian/stemmer.html).
 *
 * Snowball's licence (BSD-3-Clause), which this port carries along:
 *
 *   Copyright (c) 2001, Dr Martin Porter
 *   Copyright (c) 2004,2005, Richard Boulton
 *   Copyright (c) 2013, Yoshiki Shibukawa
 *   All rights reserved.
 *
 *   Redistribution and use in source and binary forms, with or without modification, are
 *   permitted provided that the following conditions are met:
 *   1. Redistributions of source code must retain the above copyright notice, this list
 *      of conditions and the following disclaimer.
 *   2. Redistributions in binary form must reproduce the above copyright notice, this
 *      list of conditions and the following disclaimer in the documentation and/or other
 *      materials provided with the distribution.
 *   3. Neither the name of the Snowball project nor the names of its contributors may be
 *      used to endorse or promote products derived from this software without specific
 *      prior written permission.
 *
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
 *   EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES
 *   OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT
 *   SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT,
 *   INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED
 *   TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR
 *   BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
 *   CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN
 *   ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH
 *   DAMAGE.
 *
 * Why hand-written: no npm package stems Indonesian correctly. `sastrawijs` misses
 * affixes the archive relies on, and `node-snowball` is a stale native addon that would
 * tie the build to a compiler. The algorithm is small enough to port and to prove
 * correct: test/search/stemmer.test.ts checks every word of the official Snowball
 * vocabulary against its official stem.
 *
 * The algorithm (Tala's "Porter Stemmer for Bahasa Indonesia") counts vowels as its
 * measure and strips, while more than two vowels remain: a particle, a possessive
 * pronoun, then either a first-order prefix followed by a suffix and a second-order
 * prefix, or a second-order prefix followed by a suffix. Which suffixes may go depends
 * on which prefix went. Comments below mark where Snowball's cursor semantics change the
 * result; those are the places a naive reading of the paper gets wrong.
 */

/** Which kind of prefix was removed; it decides which suffixes may follow. */
const Prefix = {
  None: 0,
  /** di-, meng- and its variants, ter- */
  DiMengTer: 1,
  /** per-, pe- */
  Per: 2,
  /** ke-, peng- and its variants */
  KePeng: 3,
  /** ber-, be- */
  Ber: 4,
} as const;
type Prefix = (typeof Prefix)[keyof typeof Prefix];

const PARTICLES = ['kah', 'lah', 'pun'];
const POSSESSIVES = ['nya', 'ku', 'mu'];

function isVowel(ch: string | undefined): boolean {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
}

function countVowels(word: string): number {
  let n = 0;
  for (const ch of word) if (isVowel(ch)) n++;
  return n;
}

function stripEnding(word: string, endings: readonly string[]): string | undefined {
  const ending = endings.find((e) => word.endsWith(e));
  return ending === undefined ? undefined : word.slice(0, word.length - ending.length);
}

/**
 * A prefix rule as Snowball's `among` applies it: the longest prefix that matches and
 * whose condition holds wins; when a condition fails, shorter matching prefixes are tried.
 */
interface PrefixRule {
  prefix: string;
  /** Checked on the text right after the prefix. */
  when?: (word: string, after: number) => boolean;
  /** What replaces the prefix (empty: deleted). */
  replacement: (word: string, after: number) => string;
  kind: Prefix;
}

const deleted = (): string => '';

function followedByVowel(word: string, after: number): boolean {
  return isVowel(word[after]);
}

/** mem-/pem- before a vowel stand for a lost initial p: memakai → pakai. */
function restoreP(word: string, after: number): string {
  return followedByVowel(word, after) ? 'p' : '';
}

/** be- is a prefix only before consonant + "er": bekerja → kerja, but not berapa. */
function beforeConsonantEr(word: string, after: number): boolean {
  const cp = word.codePointAt(after);
  if (cp === undefined || isVowel(String.fromCodePoint(cp))) return false;
  return word.startsWith('er', after + (cp > 0xffff ? 2 : 1));
}

function sortedLongestFirst(rules: PrefixRule[]): PrefixRule[] {
  return [...rules].sort((a, b) => b.prefix.length - a.prefix.length);
}

const FIRST_ORDER = sortedLongestFirst([
  { prefix: 'di', replacement: deleted, kind: Prefix.DiMengTer },
  { prefix: 'meng', replacement: deleted, kind: Prefix.DiMengTer },
  { prefix: 'men', replacement: deleted, kind: Prefix.DiMengTer },
  { prefix: 'me', replacement: deleted, kind: Prefix.DiMengTer },
  { prefix: 'ter', replacement: deleted, kind: Prefix.DiMengTer },
  { prefix: 'ke', replacement: deleted, kind: Prefix.KePeng },
  { prefix: 'peng', replacement: deleted, kind: Prefix.KePeng },
  { prefix: 'pen', replacement: deleted, kind: Prefix.KePeng },
  { prefix: 'meny', when: followedByVowel, replacement: () => 's', kind: Prefix.DiMengTer },
  { prefix: 'peny', when: followedByVowel, replacement: () => 's', kind: Prefix.KePeng },
  { prefix: 'mem', replacement: restoreP, kind: Prefix.DiMengTer },
  { prefix: 'pem', replacement: restoreP, kind: Prefix.KePeng },
]);

const SECOND_ORDER = sortedLongestFirst([
  { prefix: 'per', replacement: deleted, kind: Prefix.Per },
  { prefix: 'pe', replacement: deleted, kind: Prefix.Per },
  { prefix: 'pelajar', replacement: () => 'ajar', kind: Prefix.None },
  { prefix: 'ber', replacement: deleted, kind: Prefix.Ber },
  { prefix: 'belajar', replacement: () => 'ajar', kind: Prefix.Ber },
  { prefix: 'be', when: beforeConsonantEr, replacement: deleted, kind: Prefix.Ber },
]);

interface PrefixRemoval {
  word: string;
  kind: Prefix;
  /**
   * Snowball's cursor after the removal. A replaced prefix (meny- → s, mem- → p) leaves
   * it one character in, so the later suffix and second-order prefix steps cannot touch
   * that first character: "memeriksa" becomes "periksa" and keeps its "pe".
   */
  cursor: number;
}

function removePrefix(rules: PrefixRule[], word: string, from: number): PrefixRemoval | undefined {
  for (const rule of rules) {
    const after = from + rule.prefix.length;
    if (!word.startsWith(rule.prefix, from)) continue;
    if (rule.when !== undefined && !rule.when(word, after)) continue;
    const replacement = rule.replacement(word, after);
    return {
      word: word.slice(0, from) + replacement + word.slice(after),
      kind: rule.kind,
      cursor: from + replacement.length,
    };
  }
  return undefined;
}

/**
 * Removes -kan, -an or -i if the prefix already removed allows it, never reaching
 * before `limit` (Snowball's backward limit, the cursor left by the prefix step).
 */
function removeSuffix(word: string, prefix: Prefix, limit: number): string | undefined {
  const fits = (suffix: string): boolean =>
    word.endsWith(suffix) && word.length - suffix.length >= limit;
  if (fits('kan') && prefix !== Prefix.KePeng && prefix !== Prefix.Per) return word.slice(0, -3);
  if (fits('an') && prefix !== Prefix.DiMengTer) return word.slice(0, -2);
  if (fits('i') && prefix <= Prefix.Per) {
    // Words ending -si are mostly loans (televisi, komunikasi) whose -i is not a suffix.
    const before = word.length - 2;
    if (before < limit || word[before] !== 's') return word.slice(0, -1);
  }
  return undefined;
}

/** Stems one lower-cased word. Words with at most two vowels come back unchanged. */
export function stem(word: string): string {
  let measure = countVowels(word);
  if (measure <= 2) return word;

  let current = word;
  // Each step below runs only while the measure allows it, yet what was already
  // stripped stays stripped: "bukalah" → "buka" even though "buka" then stops.
  const withoutParticle = stripEnding(current, PARTICLES);
  if (withoutParticle !== undefined) {
    current = withoutParticle;
    measure--;
  }
  if (measure <= 2) return current;

  const withoutPossessive = stripEnding(current, POSSESSIVES);
  if (withoutPossessive !== undefined) {
    current = withoutPossessive;
    measure--;
  }
  if (measure <= 2) return current;

  const first = removePrefix(FIRST_ORDER, current, 0);
  if (first !== undefined) {
    current = first.word;
    measure--;
    if (measure <= 2) return current;
    // A second-order prefix is only tried when a suffix came off: "dipersatukan" → "satu",
    // but "diperoleh" → "peroleh".
    const withoutSuffix = removeSuffix(current, first.kind, first.cursor);
    if (withoutSuffix === undefined) return current;
    current = withoutSuffix;
    measure--;
    if (measure <= 2) return current;
    return removePrefix(SECOND_ORDER, current, first.cursor)?.word ?? current;
  }

  const second = removePrefix(SECOND_ORDER, current, 0);
  if (second !== undefined) {
    current = second.word;
    measure--;
  }
  if (measure <= 2) return current;
  return removeSuffix(current, second?.kind ?? Prefix.None, 0) ?? current;
}
