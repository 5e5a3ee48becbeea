/**
 * The dictionary-checked stemmer: a word whose root is confirmed by a list of Indonesian
 * root words, as the Nazief–Adriani / ECS ("Enhanced Confix Stripping") family of
 * stemmers does, so that *keterbukaan* and *terbuka* both reach *buka* and
 * *perekonomian* and *ekonomi* both stay *ekonomi* (Snowball, which knows no words, gives
 * "terbuka", "buka", "ekonomi" and "ekonom").
 *
 * Source: the npm package `sastrawijs` (https://github.com/damzaky/sastrawijs, a port of
 * Sastrawi, https://github.com/sastrawi/sastrawi), whose ECS stemmer we call and whose
 * root-word list (about 30,000 words) confirms its answers. Its code is MIT; its list
 * comes from Kateglo (kateglo.com, "with small changes") under CC-BY-NC-SA 3.0, which
 * the README's "Search" section names: attribution, share-alike, and non-commercial use.
 *
 * Why through a package and not a copy of the list: it stays maintained upstream and its
 * licence travels with it. Loading it parses a 300 KB module and builds the list once, at
 * the first analysis, not at import: 50 ms on an idle machine, 1.4 s against Snowball's
 * 0.1 s on this 2-core machine at load 20 (test/bench/rootwords.bench.ts measures it).
 *
 * The package's stemmer answers the word itself when it finds no root, and may answer a
 * root it did not find in its list; only a root in the list is taken here, and the
 * caller (indonesian.ts) falls back to Snowball otherwise.
 */
import { Stemmer as EcsStemmer } from 'sastrawijs';
import { COMPOUND_PARTS, SPELLINGS } from './variants.ts';

let loaded: { ecs: EcsStemmer; roots: Set<string> } | undefined;

function dictionary() {
  if (loaded === undefined) {
    const ecs = new EcsStemmer();
    // Roots the list lacks: compounds (so that "diberitahukan" reaches "beritahu") and the
    // standard spellings variants.ts folds to ("menganalisis" must reach "analisis", not
    // stop at "analis", an analyst).
    // (Written into its table directly: the package's addToDict loses `this` and throws.)
    const table = ecs.internalDictionary;
    for (const root of [...COMPOUND_PARTS.keys(), ...SPELLINGS.values()]) table[root] = '';
    // Our own set: the package looks words up on a plain object, where "constructor" and
    // other inherited names would count as roots.
    loaded = { ecs, roots: new Set(Object.keys(ecs.internalDictionary)) };
  }
  return loaded;
}

/** Whether the list holds this (folded) word as a root. */
export function isRootWord(word: string): boolean {
  return dictionary().roots.has(word);
}

/** The root of a folded word, confirmed by the list; undefined when the list knows none. */
export function dictionaryRoot(word: string): string | undefined {
  const { ecs, roots } = dictionary();
  if (roots.has(word)) return word;
  const root = ecs.stem(word);
  if (root === word || !roots.has(root)) return undefined;
  // The package strips loan suffixes (-is, -isme, -isasi) before it looks for a root, so
  // "menganalisis" stops at "analis" (an analyst); a longer root written in the word wins.
  const longer = LOAN_SUFFIXES.map((suffix) => root + suffix).find((r) => word.includes(r) && roots.has(r));
  return longer ?? root;
}

const LOAN_SUFFIXES = ['isasi', 'isme', 'is'];
