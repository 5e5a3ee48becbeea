/**
 * Indonesian full-text search over the archive: transcript lines of the latest versions,
 * and dialogue headers (titles and people's names), filtered by what the caller may see.
 *
 * How a query runs
 * ----------------
 * 1. The input becomes query items (query.ts) analysed as the index analyses text
 *    (indonesian.ts). Items are ANDed: words match stems in the `terms` column, phrases
 *    match adjacent stems (looked up as pairs, phrase-pairs.ts), `prefix*` matches folded words in the `surfaces` column,
 *    `-item` excludes. Filters are more terms, in the `facets` column (facets.ts). The
 *    FTS5 query is written by search.repository.ts.
 * 2. The index hands out matching documents newest first (by document id: the order in
 *    which transcripts were indexed, which follows air time; a rebuild orders them by air
 *    time exactly), kept when the caller may see them (each document carries a copy of
 *    its dialogue's "published"), checked against the dialogue for exact date bounds,
 *    and stops after WINDOW + 1 of them.
 * 3. Those candidates are scored here (scoring.ts) from their words as indexed (copied
 *    into search_docs): exact surfaces first, then BM25 with document frequencies from
 *    search_stats, proximity and a boost for headers. Only the page's hits are read
 *    again (text, time, speaker), and their texts tokenized for the offsets of their
 *    highlights, lined up with the stored surfaces rather than stemmed again; stem
 *    matches light up too.
 *
 * Titles and names: every dialogue has a header document, "Title — Name, Name". A header
 * that matches is a hit of kind "dialogue" (no segment, no time, a link to the dialogue),
 * ranked with a title's weight, so "Suliwati" or "peran kim" lists the dialogues first and
 * then the lines where the words were said. Lines are not matched by the name of the
 * person saying them; the `speaker` filter does that ("hoaks" said by Suliwati).
 * Headers carry a marker facet (HEADER_FACET) and are read in a window of their own over
 * the whole archive, beside the window of lines: an old dialogue titled "Vaksinasi
 * Covid-19" still comes first for "vaksin" when thousands of recent lines say the word
 * (a stem match in a title counts as exact). Pages after the first window go on through
 * the lines only.
 *
 * Deep search ("cari lebih dalam", `deep`): on request, the lines are read newest first
 * in batches of DEEP_BATCH until all are read or DEEP_BUDGET_MS has passed, and all of
 * them are ranked together; the answer reports the budget, the time taken, how many were
 * ranked and whether that was all. Its pages run the search again.
 *
 * Query expansion (expansion.ts): a compound's parts and a station's glossary add
 * alternatives to a word, ORed into the index query; a station's own glossary terms only
 * within that station's documents.
 *
 * The trade-off: a bounded window, newest first
 * ---------------------------------------------
 * When a query has at most WINDOW visible matches (a rare word, a name, a phrase, most
 * filtered queries), all of them are ranked, as a search engine would. When it has more
 * ("yang" is in most segments, "pem*" in half of them), only the WINDOW most recent
 * matches are ranked, and the next pages go on to older windows. The bare FTS5
 * `ORDER BY rank` ranks every match instead: over a million segments 1.3 s for "yang",
 * because BM25 must visit each match (and count each word's matches for its weight). A
 * word found everywhere carries no signal a ranking over 800,000 lines could use; what a
 * listener can use is the recent broadcasts where it was said, each well ranked against
 * its neighbours. So the cost of a query is bounded by WINDOW, not by the archive, and
 * the answer says which it was (`ranking: "all" | "recent"`). The price is disk: the
 * index keeps a copy of each document's words for ranking, and document frequencies are
 * kept in a table (FTS5 would count them by reading whole posting lists, 30 ms for "yang").
 *
 * Rejected: stop words (the listener may want "yang" in a phrase, and the list never
 * ends: "informasi" is nearly as common in this archive); ranking inside FTS5 with a
 * custom auxiliary function (better-sqlite3 cannot register one, and BM25 would still
 * read every posting); separate tables for stems and surfaces (more joins, no gain over
 * two columns of one table).
 *
 * What this costs a selective query: each candidate is a row of search_docs (whose copy of
 * "published" answers visibility without reading the dialogue), about 5–7 µs with its
 * scoring at 1 M segments, where the bare FTS5 `ORDER BY rank` spends 1.5–3 µs a match. A
 * rare word as typed often has a common stem ("balammu" → balam, 456 lines), and the stem
 * is what it must find, so such a query ranks hundreds of candidates. Two ways of reading
 * less were tried and measured against today's query: term frequencies and lengths from
 * fts5vocab and FTS5's column sizes (1.7–2.7 ms against 2.3–3.1 for stems in 300–500
 * lines), and letting FTS5 rank the stem-only matches, with bm25() over a second FTS5
 * table holding terms alone so that its lengths are ours (84 MB more): for the
 * benchmark's rare words that took 0.33 ms at the median and 1.0 at p95 against 0.16 and
 * 1.2 for reading and scoring every candidate, and one in a hundred first pages came out
 * differently. Neither pays for itself.
 */
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import { MAX_DIALOGUE_MS } from '../dialogues/dialogues.repository.ts';
import { AppError, said } from '../errors.ts';
import { localDateTime, toUtcIso } from '../time/instants.ts';
import { dateRangeFacets, facet } from './facets.ts';
import type { DocumentPart } from './full-text.ts';
import { analyzeText, indexedTokenOffsets } from './indonesian.ts';
import { expansionsForSearch } from '../glossary/glossary.repository.ts';
import { expandQuery } from './expansion.ts';
import { PAIRS_SINCE_VERSION } from './phrase-pairs.ts';
import { type QueryNode, parseQuery } from './query.ts';
import { idf, matchedPositions, scoreDoc, snippet } from './scoring.ts';
import * as repo from './search.repository.ts';
import { assertSpeakerRef, programByRef, stationByRef, topicByRef } from '../stations/references.ts';

/**
 * Text no person has checked (an unreviewed machine draft) counts half as relevant: the
 * relevance fraction of its score is halved, its integer part (query items found as written)
 * kept, so a reviewed line with the same words ranks above it.
 */
const UNREVIEWED_WEIGHT = 0.5;
const reviewedFirst = (score: number, unreviewed: boolean) => (unreviewed ? Math.floor(score) + (score - Math.floor(score)) * UNREVIEWED_WEIGHT : score);

/** How many matches are ranked at a time: the bound on a query's cost (see above). */
export const WINDOW = 500;

/** A deep search reads matches in batches this large, newest first... */
const DEEP_BATCH = 5_000;
/** ...until it has read them all, or this much time has passed, or it holds this many. */
export const DEEP_BUDGET_MS = 2_000;
const MAX_DEEP = 200_000;

export interface SearchFilters {
  dialogue?: string;
  station?: string;
  program?: string;
  speaker?: string;
  topic?: string;
  /** Local date-times read in the station's zone when a station is given, else in UTC. */
  from?: string;
  to?: string;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  limit: number;
  cursor?: string;
  /** "Cari lebih dalam": rank every match, within DEEP_BUDGET_MS. */
  deep?: boolean;
}

export interface SearchHit {
  kind: 'segment' | 'dialogue';
  dialogueId: string;
  dialogueTitle: string;
  segmentId: string | null;
  startMs: number | null;
  endMs: number | null;
  speaker: { id: string | null; name: string } | null;
  snippet: string;
  url: string;
  score: number;
}

/** Where the next page starts: below which document id, and how far into that window. */
interface Cursor {
  before: number | null;
  offset: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.before, cursor.offset])).toString('base64url');
}

function decodeCursor(text: string | undefined, maxOffset: number): Cursor {
  if (text === undefined) return { before: null, offset: 0 };
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [before, offset] = value as unknown[];
      if ((before === null || Number.isSafeInteger(before)) && Number.isSafeInteger(offset) && (offset as number) >= 0 && (offset as number) < maxOffset) {
        return { before: before as number | null, offset: offset as number };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_request', said('Kursor ini bukan dari API ini.', 'The cursor is not one this API handed out.'), {
    fields: [{ path: 'cursor', message: 'unknown cursor' }],
  });
}

interface ResolvedFilters {
  facetGroups: string[][];
  from: string | null;
  to: string | null;
}

/** Filters as facet tokens and exact bounds; null when they can match nothing (an unknown topic). */
async function resolveFilters(db: Db, f: SearchFilters): Promise<ResolvedFilters | null> {
  const groups: string[][] = [];
  if (f.dialogue) groups.push([facet('dialogue', f.dialogue)]);
  // Stations and programmes by id or slug; a reference to nothing is a 400, not "no hits".
  const station = f.station ? await stationByRef(db, f.station) : undefined;
  if (station) groups.push([facet('station', station.id)]);
  if (f.program) groups.push([facet('program', (await programByRef(db, f.program)).id)]);
  if (f.speaker) {
    await assertSpeakerRef(db, f.speaker);
    groups.push([facet('speaker', f.speaker)]);
  }
  if (f.topic) groups.push([facet('topic', (await topicByRef(db, f.topic)).id)]);
  let from: string | null = null;
  let to: string | null = null;
  if (f.from !== undefined || f.to !== undefined) {
    const zone = station?.timezone ?? 'UTC';
    from = f.from === undefined ? null : toUtcIso(localDateTime(f.from, zone, 'from'));
    to = f.to === undefined ? null : toUtcIso(localDateTime(f.to, zone, 'to'));
    const span = await repo.dialogueSpan(db);
    if (!span.first || !span.last) return null;
    // A dialogue ending after `from` started at most a day before it.
    const first = from === null ? span.first : new Date(Math.max(Date.parse(span.first), Date.parse(from) - MAX_DIALOGUE_MS)).toISOString();
    const last = to === null ? span.last : new Date(Math.min(Date.parse(span.last), Date.parse(to))).toISOString();
    const tokens = dateRangeFacets(first, last);
    if (tokens.length === 0) return null;
    groups.push(tokens);
  }
  return { facetGroups: groups, from, to };
}

/** Inverse document frequencies of the positive items, and the mean document length. */
async function weigh(db: Db, nodes: readonly QueryNode[]) {
  const terms = nodes.flatMap((n) => (n.kind === 'word' ? [n.word.term] : n.kind === 'phrase' ? n.words.map((w) => w.term) : []));
  const { termDocs, docs: total, tokens } = await repo.termStats(db, terms);
  const docsOf = (term: string) => termDocs.get(term) ?? 0;
  const idfs = await Promise.all(
    nodes.map(async (n) => {
      if (n.kind === 'word') return idf(docsOf(n.word.term), total);
      // A phrase is at least as rare as its rarest word: its words' weights add up.
      if (n.kind === 'phrase') return n.words.reduce((sum, w) => sum + idf(docsOf(w.term), total), 0);
      return idf(await repo.prefixDocs(db, n.prefix), total);
    }),
  );
  return { idf: idfs, avgLength: total === 0 ? 1 : tokens / total };
}

export interface SearchResult {
  items: SearchHit[];
  nextCursor: string | null;
  ranking: 'all' | 'recent';
  truncated: boolean;
  /** Deep searches only: what the time budget allowed. */
  deep: DeepReport | null;
}

export interface DeepReport {
  budgetMs: number;
  elapsedMs: number;
  /** Matches read and ranked. */
  ranked: number;
  /** False when the budget ran out before every match was ranked. */
  complete: boolean;
}

type Row = repo.Candidate;
type Fetch = (before: number | null, limit: number) => Promise<Row[]>;

/**
 * The matches of one request, in the order they are ranked: the first window of the
 * headers (over the whole archive) with the current window of lines, or for a deep
 * search every match the budget allows.
 */
async function gather(fetch: { headers: Fetch | null; lines: Fetch }, cursor: Cursor, deep: boolean) {
  const started = performance.now();
  const headers = fetch.headers && cursor.before === null ? await fetch.headers(null, deep ? MAX_DEEP : WINDOW + 1) : [];
  if (!deep) {
    const lines = await fetch.lines(cursor.before, WINDOW + 1);
    const window = [...headers.slice(0, WINDOW), ...lines.slice(0, WINDOW)];
    const oldestLine = lines.length > WINDOW ? lines[WINDOW - 1] : undefined;
    return { window, complete: headers.length <= WINDOW && lines.length <= WINDOW, olderFrom: oldestLine?.docId ?? null, report: null };
  }
  const window = [...headers];
  let before: number | null = null;
  let complete = false;
  while (window.length < MAX_DEEP && performance.now() - started < DEEP_BUDGET_MS) {
    const batch = await fetch.lines(before, DEEP_BATCH);
    window.push(...batch);
    const oldest = batch[batch.length - 1];
    if (batch.length < DEEP_BATCH || !oldest) {
      complete = true;
      break;
    }
    before = oldest.docId;
  }
  const report: DeepReport = { budgetMs: DEEP_BUDGET_MS, elapsedMs: 0, ranked: window.length, complete };
  return { window, complete, olderFrom: null, report };
}

export async function search(db: Db, actor: Actor, request: SearchRequest): Promise<SearchResult> {
  const started = performance.now();
  const deep = request.deep === true;
  const typed = parseQuery(request.q);
  const parsed = { ...typed, nodes: expandQuery(typed.nodes, await expansionsForSearch(db)) };
  const positive = parsed.nodes.filter((n) => !n.exclude);
  const cursor = decodeCursor(request.cursor, deep ? MAX_DEEP : 2 * WINDOW);
  if (deep && cursor.before !== null) {
    throw new AppError(400, 'invalid_request', said('Kursor ini milik pencarian yang tidak mendalam.', 'This cursor belongs to a search that is not deep.'), {
      fields: [{ path: 'cursor', message: said('bukan kursor pencarian mendalam', 'not a deep search cursor') }],
    });
  }
  const empty: SearchResult = { items: [], nextCursor: null, ranking: 'all', truncated: parsed.truncated, deep: null };
  if (positive.length === 0) return empty;
  const filters = await resolveFilters(db, request);
  if (!filters) return empty;

  // An index built before headers were marked (analysis version 1, until its rebuild
  // is swapped in) keeps them among the lines.
  const built = (await repo.analysisVersions(db)).built;
  const headersApart = built >= 2;
  const query = (part: DocumentPart): Fetch => (before, limit) =>
    repo.candidates(db, actor, {
      nodes: parsed.nodes,
      part,
      facetGroups: filters.facetGroups,
      pairs: built >= PAIRS_SINCE_VERSION,
      before,
      from: filters.from,
      to: filters.to,
      limit,
    });
  const { window, complete, olderFrom, report } = await gather(
    headersApart ? { headers: query('headers'), lines: query('lines') } : { headers: null, lines: query('all') },
    cursor,
    deep,
  );
  const weights = await weigh(db, positive);
  const ranked = window
    .map((row) => ({ row, score: reviewedFirst(scoreDoc(row, positive, weights, row.segmentId === null), row.unreviewed === 1) }))
    .sort((a, b) => b.score - a.score || b.row.docId - a.row.docId);

  const pageItems = ranked.slice(cursor.offset, cursor.offset + request.limit);
  const end = cursor.offset + request.limit;
  const next: Cursor | null =
    end < ranked.length ? { before: cursor.before, offset: end } : !complete && olderFrom !== null ? { before: olderFrom, offset: 0 } : null;

  const details = new Map((await repo.hitDetails(db, pageItems.map((i) => i.row.docId))).map((d) => [d.docId, d]));
  const items = pageItems.flatMap(({ row, score }): SearchHit[] => {
    const d = details.get(row.docId);
    // Another process may delete a dialogue between the two reads; its hit goes.
    if (!d) return [];
    const common = {
      dialogueId: row.dialogueId,
      dialogueTitle: d.dialogueTitle,
      snippet: snippet(d.text, indexedTokenOffsets(d.text, row.surfaces) ?? analyzeText(d.text), matchedPositions(row, positive)),
      score: Math.round(score * 1000) / 1000,
    };
    if (row.segmentId === null) {
      return [{ kind: 'dialogue', ...common, segmentId: null, startMs: null, endMs: null, speaker: null, url: `/dialog/${row.dialogueId}` }];
    }
    const name = d.speakerName ?? d.speakerLabel;
    return [
      {
        kind: 'segment',
        ...common,
        segmentId: String(row.segmentId),
        startMs: d.startMs,
        endMs: d.endMs,
        speaker: name === null ? null : { id: d.speakerId, name },
        // Plain-text transcripts have no timings: the link opens the dialogue.
        url: d.startMs === null ? `/dialog/${row.dialogueId}` : `/dialog/${row.dialogueId}#t=${Math.floor(d.startMs / 1000)}`,
      },
    ];
  });
  return {
    items,
    nextCursor: next && encodeCursor(next),
    ranking: complete && cursor.before === null ? 'all' : 'recent',
    truncated: parsed.truncated,
    deep: report && { ...report, elapsedMs: Math.round(performance.now() - started) },
  };
}
