/**
 * The full-text index on PostgreSQL: `search_fts.document`, a tsvector of the `simple`
 * configuration generated from the same columns SQLite's FTS5 table holds, in a GIN index
 * (migrations/postgres/…_transcripts). Terms carry weight A, surfaces B and facets C, so
 * one tsquery, and one index scan, says which column each token must be found in.
 *
 * The tsquery is written as text and cast, never passed through to_tsquery(): our tokens
 * are already analysed (indonesian.ts), and the query parser guarantees letters and
 * digits only, so a quoted lexeme cannot be escaped from.
 *
 * Newest first is `order by rowid desc limit n` over the index's matches: PostgreSQL
 * reads every match before it keeps the newest (unlike FTS5, which walks the rowids in
 * order and stops). Bounded windows in search.service.ts keep that cost what it is on
 * SQLite for selective queries; a word in most documents costs more here (SCALE.md).
 */
import { type Expression, expressionBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { searchDocVisibleTo } from '../dialogues/visibility.ts';
import { type FullTextIndex, deleteIndexRows, insertIndexRows } from './full-text.ts';
import type { QueryNode } from './query.ts';
import type { Candidate, CandidateQuery } from './search.repository.ts';

const lexeme = (token: string, weight: 'A' | 'B' | 'C', prefix = false) => `'${token}':${prefix ? '*' : ''}${weight}`;

function itemQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'word':
      return lexeme(node.word.term, 'A');
    case 'phrase':
      return `(${node.words.map((w) => lexeme(w.term, 'A')).join(' <-> ')})`;
    case 'prefix':
      return lexeme(node.prefix, 'B', true);
  }
}

/** The tsquery for these items and facet groups: the same rule as FTS5's matchExpression. */
export function tsqueryText(nodes: readonly QueryNode[], facetGroups: readonly string[][]): string {
  const required = [
    ...nodes.filter((n) => !n.exclude).map(itemQuery),
    ...facetGroups.map((group) => `(${group.map((token) => lexeme(token, 'C')).join(' | ')})`),
  ];
  const excluded = nodes.filter((n) => n.exclude).map((n) => `!${itemQuery(n)}`);
  return [...required, ...excluded].join(' & ');
}

async function candidates(db: Db, actor: Actor, q: CandidateQuery): Promise<Candidate[]> {
  const conditions: Expression<unknown>[] = [
    sql`search_fts.document @@ ${tsqueryText(q.nodes, q.facetGroups)}::tsquery`,
    searchDocVisibleTo(actor)(expressionBuilder<Database, 'search_docs'>()),
  ];
  if (q.before !== null) conditions.push(sql`search_fts.rowid < ${q.before}`);
  if (q.from !== null) conditions.push(sql`dialogues.ends_at > ${q.from}`);
  if (q.to !== null) conditions.push(sql`dialogues.starts_at < ${q.to}`);
  const dated = q.from !== null || q.to !== null ? sql`join dialogues on dialogues.id = search_docs.dialogue_id` : sql``;
  const { rows } = await sql<Candidate>`
    select search_docs.doc_id as "docId", search_docs.dialogue_id as "dialogueId",
      search_docs.segment_id as "segmentId", search_docs.terms, search_docs.surfaces
    from search_fts
    join search_docs on search_docs.doc_id = search_fts.rowid
    ${dated}
    where ${sql.join(conditions, sql` and `)}
    order by search_fts.rowid desc
    limit ${q.limit}`.execute(db);
  return rows;
}

export const tsvectorIndex: FullTextIndex = {
  insert: insertIndexRows,
  remove: deleteIndexRows,
  async clear(trx) {
    await trx.deleteFrom('search_fts').execute();
  },
  async optimize(db) {
    // A bulk load leaves new entries in the GIN index's pending list, which every search
    // then scans; merging them now spares the first searches that.
    await sql`select gin_clean_pending_list('search_fts_document'::regclass)`.execute(db);
  },
  candidates,
  prewarms: false,
};
