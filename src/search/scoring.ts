/**
 * How well one document answers a query, and which of its words to highlight, computed
 * from the document's words as indexed (so a document the index matched is a document
 * this finds the words in).
 *
 * The score sorts lexicographically, folded into one number so clients can compare it:
 * its integer part counts the query items found as written (an exact surface, not only
 * the stem: "penyebarluasan" finds "penyebarluasan" before "menyebarluaskan"); its
 * fraction is a BM25 relevance r mapped to r / (r + 1), boosted when the words stand
 * close together and for dialogue headers (titles and names).
 */
import type { AnalyzedToken } from './indonesian.ts';
import type { QueryNode } from './query.ts';

// BM25's usual constants: term frequency saturation and length normalisation.
const K1 = 1.2;
const B = 0.75;
/** At most ×1.5 when the query's words are adjacent. */
const PROXIMITY = 0.5;
/** A word in a title or a name says more about a dialogue than a word said in it. */
const HEADER_BOOST = 2;
/** Snippets longer than this are cut around the first highlight. */
const SNIPPET_CHARS = 240;

export interface Weights {
  /** One inverse document frequency per node, in the order of the nodes. */
  idf: number[];
  /** Mean document length, in tokens. */
  avgLength: number;
}

/**
 * A document's words as indexed: its terms and its folded surfaces, each a string of
 * space-separated words, position by position. Kept as strings and searched with
 * indexOf: splitting every candidate into arrays cost more than ranking them.
 */
export interface IndexedWords {
  terms: string;
  surfaces: string;
}

interface Occurrences {
  /** Character offset of each occurrence, in `terms` or (prefixes) in `surfaces`, ascending. */
  offsets: number[];
  /** Which of the two strings the offsets are in. */
  in: 'terms' | 'surfaces';
  /** Words of each occurrence (an alternative may be longer or shorter than the item). */
  widths: number[];
  exact: boolean;
}

const SPACE = 32;

/** Where `needle` stands as whole words in `text` (or at the start of a word, for a prefix). */
function find(text: string, needle: string, prefix: boolean): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    if ((i === 0 || text.charCodeAt(i - 1) === SPACE) && (prefix || end === text.length || text.charCodeAt(end) === SPACE)) {
      offsets.push(i);
    }
  }
  return offsets;
}

function occurrences(doc: IndexedWords, node: QueryNode): Occurrences {
  if (node.kind === 'prefix') {
    const offsets = find(doc.surfaces, node.prefix, true);
    return { offsets, in: 'surfaces', widths: offsets.map(() => 1), exact: offsets.length > 0 };
  }
  const words = node.kind === 'word' ? [node.word] : node.words;
  const offsets = find(doc.terms, words.map((w) => w.term).join(' '), false);
  // A surface always has the same term, so the words as typed appear somewhere exactly
  // when they appear among the matches.
  const exact = offsets.length > 0 && find(doc.surfaces, words.map((w) => w.surface).join(' '), false).length > 0;
  if (!node.alternatives?.length) return { offsets, in: 'terms', widths: offsets.map(() => words.length), exact };
  const found = offsets.map((offset) => ({ offset, width: words.length }));
  for (const a of node.alternatives) {
    for (const offset of find(doc.terms, a.terms.join(' '), false)) found.push({ offset, width: a.terms.length });
  }
  found.sort((x, y) => x.offset - y.offset);
  return { offsets: found.map((f) => f.offset), in: 'terms', widths: found.map((f) => f.width), exact };
}

/** Word positions of the occurrences: how many spaces precede each offset. */
function positions(doc: IndexedWords, o: Occurrences): number[] {
  const text = doc[o.in];
  const out: number[] = [];
  let position = 0;
  let at = 0;
  for (const offset of o.offsets) {
    for (; at < offset; at++) if (text.charCodeAt(at) === SPACE) position++;
    out.push(position);
  }
  return out;
}

const wordCount = (text: string) => {
  if (text === '') return 0;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === SPACE) n++;
  return n;
};

/** The narrowest stretch of text holding one occurrence of every node, in words. */
function narrowestSpan(starts: readonly number[][], widths: readonly number[][]): number {
  const events: { start: number; end: number; node: number }[] = [];
  starts.forEach((list, node) => {
    list.forEach((start, k) => events.push({ start, end: start + (widths[node]?.[k] ?? 1), node }));
  });
  events.sort((a, b) => a.start - b.start);
  // A query has at most MAX_TERMS (20) items, so the nodes seen fit in a bit mask.
  const all = (1 << starts.length) - 1;
  let best = Number.POSITIVE_INFINITY;
  // Quadratic in the occurrences of the query's words in one segment: a handful.
  for (let left = 0; left < events.length; left++) {
    let seen = 0;
    let end = 0;
    for (let right = left; right < events.length && seen !== all; right++) {
      const e = events[right] as (typeof events)[number];
      seen |= 1 << e.node;
      end = Math.max(end, e.end);
      if (seen === all) best = Math.min(best, end - (events[left] as (typeof events)[number]).start);
    }
  }
  return best;
}

export function scoreDoc(doc: IndexedWords, nodes: readonly QueryNode[], weights: Weights, isHeader: boolean): number {
  const found = nodes.map((node) => occurrences(doc, node));
  const lengthNorm = 1 - B + (B * wordCount(doc.terms)) / Math.max(weights.avgLength, 1);
  let relevance = 0;
  let exact = 0;
  found.forEach((o, i) => {
    const tf = o.offsets.length;
    relevance += ((weights.idf[i] ?? 0) * tf * (K1 + 1)) / (tf + K1 * lengthNorm);
    // A title says what the whole dialogue is about: there a stem match counts as much as
    // an exact one in a line ("vaksin" finds "Vaksinasi Covid-19" before lines saying "vaksin").
    if (o.exact || (isHeader && tf > 0)) exact++;
  });
  if (found.length > 1 && found.every((o) => o.offsets.length > 0)) {
    const widths = found.map((o) => o.widths);
    const tightest = widths.reduce((sum, w) => sum + Math.min(...w), 0);
    relevance *= 1 + PROXIMITY * Math.min(1, tightest / narrowestSpan(found.map((o) => positions(doc, o)), widths));
  }
  if (isHeader) relevance *= HEADER_BOOST;
  return exact + relevance / (relevance + 1);
}

/** Positions of the words the query found: every word of every occurrence, stem matches included. */
export function matchedPositions(doc: IndexedWords, nodes: readonly QueryNode[]): number[] {
  const marked = new Set<number>();
  for (const o of nodes.map((node) => occurrences(doc, node))) {
    positions(doc, o).forEach((start, k) => {
      for (let j = 0; j < (o.widths[k] ?? 1); j++) marked.add(start + j);
    });
  }
  return [...marked].sort((a, b) => a - b);
}

/** Inverse document frequency as Lucene's BM25 has it: never negative, even for "yang". */
export function idf(docs: number, totalDocs: number): number {
  const n = Math.min(docs, totalDocs);
  return Math.log(1 + (totalDocs - n + 0.5) / (n + 0.5));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The text as HTML, with `<mark>` around the highlighted tokens (positions into the
 * text's analysis) and everything else escaped; cut to about SNIPPET_CHARS around the
 * first highlight, with "…" where cut.
 */
export function snippet(text: string, tokens: readonly Pick<AnalyzedToken, 'start' | 'end'>[], marked: readonly number[]): string {
  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET_CHARS) {
    const first = tokens[marked[0] ?? 0];
    const anchor = first ? first.start : 0;
    from = Math.max(0, anchor - Math.floor(SNIPPET_CHARS / 3));
    to = Math.min(text.length, from + SNIPPET_CHARS);
    // Cut between words, never through one.
    if (from > 0) from = tokens.find((t) => t.start >= from)?.start ?? from;
    if (to < text.length) to = [...tokens].reverse().find((t) => t.end <= to)?.end ?? to;
  }
  let html = from > 0 ? '… ' : '';
  let at = from;
  for (const index of marked) {
    const token = tokens[index];
    if (!token || token.start < from || token.end > to) continue;
    html += `${escapeHtml(text.slice(at, token.start))}<mark>${escapeHtml(text.slice(token.start, token.end))}</mark>`;
    at = token.end;
  }
  html += escapeHtml(text.slice(at, to));
  return to < text.length ? `${html} …` : html;
}
