/**
 * The public search box's query language. Whatever is typed becomes a query: there is no
 * syntax error, because the people typing are listeners, not search experts.
 *
 * Grammar (items separated by white space):
 *
 *   query   = item*
 *   item    = ["-"] (phrase | prefix | words)
 *   phrase  = '"' anything but '"' '"'          → the words, adjacent and in order
 *   prefix  = word "*"                          → words whose surface starts with it
 *   words   = any run of non-space, non-'"'     → one word, or a phrase when the run
 *                                                 holds several ("covid-19", "08.00")
 *
 * - "-" excludes the item it starts, when a word or a quote follows it directly.
 * - Words are analysed exactly as the index analyses text (indonesian.ts): each carries
 *   its folded surface and its term (the stem), and standalone clitics ("pun") vanish.
 * - A prefix is NOT stemmed: it is compared with folded surfaces, so "Suli*" finds
 *   "Suliwati". It needs at least MIN_PREFIX_LENGTH characters; shorter, it is a word.
 * - Everything else is text: an unbalanced quote is ignored, a lone "*" or "-" is
 *   dropped, AND/OR/NEAR are ordinary words, and brackets, colons and other symbols
 *   separate words like spaces do. No character of the input reaches a term unless it
 *   is a letter or a digit, so terms are safe to hand to any search engine.
 * - Input beyond MAX_INPUT_LENGTH characters, and words beyond MAX_TERMS, are dropped
 *   and the result says so.
 */

import { analyzeText, foldWord, tokenize } from './indonesian.ts';

export const MAX_INPUT_LENGTH = 256;
export const MAX_TERMS = 20;
export const MIN_PREFIX_LENGTH = 2;

export interface QueryWord {
  /** Folded surface: what a highlight looks for. */
  surface: string;
  /** Index term: what the search matches. */
  term: string;
}

/**
 * Other terms that answer a word or phrase as well (expansion.ts): a compound's parts, a
 * glossary's acronym or expansion. `facet`, when set, limits the alternative to the
 * documents carrying it (a station's own glossary).
 */
export interface Alternative {
  terms: string[];
  facet: string | null;
}

export type QueryNode =
  | { kind: 'word'; exclude: boolean; word: QueryWord; alternatives?: Alternative[] }
  | { kind: 'phrase'; exclude: boolean; words: QueryWord[]; alternatives?: Alternative[] }
  | { kind: 'prefix'; exclude: boolean; prefix: string };

export interface ParsedQuery {
  nodes: QueryNode[];
  /** True when part of the input was dropped by the length or term limits. */
  truncated: boolean;
}

type Item =
  | { kind: 'word'; word: QueryWord }
  | { kind: 'phrase'; words: QueryWord[] }
  | { kind: 'prefix'; prefix: string };

const TYPOGRAPHIC_QUOTES = /[\u201c\u201d\u201e\u201f\u00ab\u00bb]/gu;
const WHITE_SPACE = /\s/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const RUN_END = /[\s"]/u;

export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, MAX_INPUT_LENGTH).replace(TYPOGRAPHIC_QUOTES, '"');
  const nodes: QueryNode[] = [];
  let budget = MAX_TERMS;
  let truncated = input.length > MAX_INPUT_LENGTH;

  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (WHITE_SPACE.test(ch)) {
      i++;
      continue;
    }
    const nextCodePoint = text.codePointAt(i + 1);
    const next = nextCodePoint === undefined ? '' : String.fromCodePoint(nextCodePoint);
    const exclude = ch === '-' && (next === '"' || WORD_CHAR.test(next));
    if (exclude) i++;

    let item: Item | undefined;
    if (text.charAt(i) === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) {
        i++;
        continue;
      }
      item = phrase(analyzeWords(text.slice(i + 1, close)));
      i = close + 1;
    } else {
      const rest = text.slice(i);
      const runLength = rest.search(RUN_END);
      const run = runLength === -1 ? rest : rest.slice(0, runLength);
      item = prefix(run) ?? words(run);
      i += run.length;
    }
    if (item === undefined) continue;

    if (budget === 0) {
      truncated = true;
      break;
    }
    if (item.kind === 'phrase' && item.words.length > budget) {
      item = { kind: 'phrase', words: item.words.slice(0, budget) };
      truncated = true;
    }
    budget -= item.kind === 'phrase' ? item.words.length : 1;
    nodes.push({ ...item, exclude });
  }
  return { nodes, truncated };
}

function analyzeWords(text: string): QueryWord[] {
  return analyzeText(text).map(({ surface, term }) => ({ surface, term }));
}

function phrase(words: QueryWord[]): Item | undefined {
  return words.length === 0 ? undefined : { kind: 'phrase', words };
}

/** A run ending in "*" right after a single word. */
function prefix(run: string): Item | undefined {
  if (!run.endsWith('*')) return undefined;
  const body = run.slice(0, -1);
  const tokens = tokenize(body);
  const [only] = tokens;
  if (tokens.length !== 1 || only === undefined || only.end !== body.length) return undefined;
  const folded = foldWord(only.surface);
  return folded.length >= MIN_PREFIX_LENGTH ? { kind: 'prefix', prefix: folded } : undefined;
}

function words(run: string): Item | undefined {
  const analyzed = analyzeWords(run);
  const [only] = analyzed;
  if (analyzed.length === 1 && only !== undefined) return { kind: 'word', word: only };
  return phrase(analyzed);
}
