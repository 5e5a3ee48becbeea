/**
 * Query expansion: other terms that answer a query's words, added as alternatives
 * (query.ts) that the index's query language ORs in (search.repository.ts). Dialect-free.
 *
 * - Compounds (variants.ts): "sebar" also finds "sebarluas" (menyebarluaskan), and
 *   "sebarluas" also finds "sebar luas" written apart.
 * - A station's glossary (glossary_terms): an acronym and its expansion find each other,
 *   "kominfo" ↔ "komunikasi dan informatika", within the dialogues of the station whose
 *   glossary says so, or everywhere for a term of every station. Typed as separate words
 *   ("komunikasi dan informatika" without quotes), the expansion is read as its phrase.
 *
 * At query time rather than in the index: a glossary changes whenever a coordinator
 * edits it, and no index would need rebuilding for that.
 */
import { facet } from './facets.ts';
import { analyzeText } from './indonesian.ts';
import type { Alternative, QueryNode, QueryWord } from './query.ts';
import { COMPOUNDS_OF, COMPOUND_PARTS } from './variants.ts';

export interface GlossaryEntry {
  /** Null: every station. */
  stationId: string | null;
  term: string;
  expansion: string | null;
}

interface Pair {
  short: string[];
  long: string[];
  facet: string | null;
}

const termsOf = (text: string) => analyzeText(text).map((t) => t.term);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const nodeTerms = (n: QueryNode) => (n.kind === 'word' ? [n.word.term] : n.kind === 'phrase' ? n.words.map((w) => w.term) : []);

function pairsOf(glossary: readonly GlossaryEntry[]): Pair[] {
  return glossary.flatMap((g) => {
    if (g.expansion === null) return [];
    const short = termsOf(g.term);
    const long = termsOf(g.expansion);
    if (short.length === 0 || long.length === 0 || same(short, long)) return [];
    return [{ short, long, facet: g.stationId === null ? null : facet('station', g.stationId) }];
  });
}

function withAlternatives(node: QueryNode, alternatives: Alternative[]): QueryNode {
  if (node.kind === 'prefix' || alternatives.length === 0) return node;
  return { ...node, alternatives: [...(node.alternatives ?? []), ...alternatives] };
}

function compoundAlternatives(terms: readonly string[]): Alternative[] {
  if (terms.length !== 1) return [];
  const term = terms[0] as string;
  const parts = COMPOUND_PARTS.get(term);
  return [
    ...(parts ? [{ terms: [...parts], facet: null }] : []),
    ...(COMPOUNDS_OF.get(term) ?? []).map((compound) => ({ terms: [compound], facet: null })),
  ];
}

export function expandQuery(nodes: readonly QueryNode[], glossary: readonly GlossaryEntry[]): QueryNode[] {
  const pairs = pairsOf(glossary);
  // Runs of separate words that spell a glossary expansion become that phrase.
  const joined: QueryNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const pair = pairs.find((p) => {
      const run = nodes.slice(i, i + p.long.length);
      return p.long.length > 1 && run.length === p.long.length && run.every((n) => n.kind === 'word' && !n.exclude) && same(run.flatMap(nodeTerms), p.long);
    });
    if (pair) {
      const words = nodes.slice(i, i + pair.long.length).map((n) => (n as { word: QueryWord }).word);
      joined.push({ kind: 'phrase', exclude: false, words });
      i += pair.long.length - 1;
    } else {
      joined.push(nodes[i] as QueryNode);
    }
  }
  return joined.map((node) => {
    const terms = nodeTerms(node);
    if (terms.length === 0) return node;
    const glossaryAlternatives = pairs.flatMap((p): Alternative[] =>
      same(terms, p.short) ? [{ terms: p.long, facet: p.facet }] : same(terms, p.long) ? [{ terms: p.short, facet: p.facet }] : [],
    );
    return withAlternatives(node, [...compoundAlternatives(terms), ...glossaryAlternatives]);
  });
}
