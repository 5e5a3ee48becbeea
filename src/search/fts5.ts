/**
 * The full-text index on SQLite: an FTS5 table (migration transcripts), contentless, with
 * the ascii tokenizer and prefix indexes for two and three letters. See full-text.ts.
 */
import { type Expression, expressionBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { searchDocVisibleTo } from '../dialogues/visibility.ts';
import { type FullTextIndex, deleteIndexRows, insertIndexRows } from './full-text.ts';
import type { QueryNode } from './query.ts';
import type { Candidate, CandidateQuery } from './search.repository.ts';

// The parser guarantees letters and digits only, so quoting cannot be escaped from.
const quoted = (text: string) => `"${text}"`;

function itemExpression(node: QueryNode): string {
  switch (node.kind) {
    case 'word':
      return `terms : ${quoted(node.word.term)}`;
    case 'phrase':
      return `terms : ${quoted(node.words.map((w) => w.term).join(' '))}`;
    case 'prefix':
      return `surfaces : ${quoted(node.prefix)} *`;
  }
}

/**
 * The FTS5 query for these items and facet groups (each group a list of alternatives):
 * positive items and facets ANDed, then each excluded item taken away.
 */
export function matchExpression(nodes: readonly QueryNode[], facetGroups: readonly string[][]): string {
  const required = [
    ...nodes.filter((n) => !n.exclude).map(itemExpression),
    ...facetGroups.map((group) => `facets : (${group.map(quoted).join(' OR ')})`),
  ];
  return nodes
    .filter((n) => n.exclude)
    .reduce((expression, n) => `(${expression}) NOT (${itemExpression(n)})`, required.map((r) => `(${r})`).join(' AND '));
}

/**
 * Matching documents the actor may see, newest document first. The FTS5 table drives
 * the loop and hands out rowids in descending order, so the query stops after `limit`
 * visible matches whatever the total. Visibility is read from the documents' copy of
 * "published" (visibility.ts); the dialogue itself is read only for a date range.
 */
async function candidates(db: Db, actor: Actor, q: CandidateQuery): Promise<Candidate[]> {
  const conditions: Expression<unknown>[] = [
    sql`search_fts match ${matchExpression(q.nodes, q.facetGroups)}`,
    searchDocVisibleTo(actor)(expressionBuilder<Database, 'search_docs'>()),
  ];
  if (q.before !== null) conditions.push(sql`search_fts.rowid < ${q.before}`);
  if (q.from !== null) conditions.push(sql`dialogues.ends_at > ${q.from}`);
  if (q.to !== null) conditions.push(sql`dialogues.starts_at < ${q.to}`);
  // Named, or the planner prefers the primary key's index and then reads each dialogue's row.
  const dated = q.from !== null || q.to !== null ? sql`join dialogues indexed by dialogues_search on dialogues.id = search_docs.dialogue_id` : sql``;
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


export const fts5Index: FullTextIndex = {
  insert: insertIndexRows,
  remove: deleteIndexRows,
  async clear(trx) {
    // A contentless table is emptied with its own command; DELETE would need every rowid.
    await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(trx);
  },
  async optimize(db) {
    // Merges the index's segments into one, which a bulk load leaves many of.
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
  },
  candidates,
  prewarms: true,
};
