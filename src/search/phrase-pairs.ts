/**
 * Phrase pairs: every two adjacent terms of a document, indexed as one more token, so that
 * a phrase is found by exact lookups instead of by comparing the positions of its words
 * (issues 16 and 17).
 *
 * Why: a phrase of common words ("yang di", "pada saat") made both databases read every
 * document holding each word and compare positions in all of them. FTS5 walks both
 * position lists; PostgreSQL's GIN index knows no positions at all, so it fetched and
 * rechecked every row holding both words (851 ms at p95 over a million segments). The
 * token for the pair is as selective as the phrase itself.
 *
 * A pair token goes into the full-text table's `facets` column (full-text.ts), a bag of
 * exact tokens whose positions mean nothing, beside the filter tokens (facets.ts): no
 * schema changes, and the rebuild that brings pairs in (analysis version 3) builds its
 * tables the way every rebuild does. It is `ph`, the first term's length, `x`, then both
 * terms: a decimal length ended by a letter reads back one way only, so two different
 * pairs never share a token, and no filter token starts with `ph`. Only the full-text
 * table holds them: ranking and highlights read search_docs, and frequencies count
 * terms, not pairs.
 *
 * A phrase of two words is its pair. A longer one is all of its pairs AND the phrase
 * itself: the pairs of "a b c" are also in "a b … b c", so the positions are still
 * compared, but only in the few documents that hold every pair.
 */

/** From this analysis version on (indonesian.ts), documents carry their pairs. */
export const PAIRS_SINCE_VERSION = 3;

const pairToken = (first: string, second: string) => `ph${first.length}x${first}${second}`;

/** The pair tokens of a phrase's terms, or of a document's terms in order. */
function pairTokens(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < terms.length; i++) pairs.push(pairToken(terms[i - 1] as string, terms[i] as string));
  return pairs;
}

/**
 * How both databases match a phrase of these terms (full-text.ts): the pair tokens to look
 * up, and whether the positions must still be compared. With no pairs in the index (built
 * before version 3) or a single term, by positions alone.
 */
export function phraseMatch(terms: readonly string[], pairsIndexed: boolean): { lookups: string[]; positions: boolean } {
  if (!pairsIndexed || terms.length < 2) return { lookups: [], positions: true };
  return { lookups: pairTokens(terms), positions: terms.length > 2 };
}

/** A document's terms as stored (search_docs.terms: space-separated), as pair tokens. */
export function pairTokensOfStored(terms: string): string {
  // Once each: the column's positions mean nothing, and a repeat only makes the index larger.
  return terms === '' ? '' : [...new Set(pairTokens(terms.split(' ')))].join(' ');
}
