// PostgreSQL twin of migrations/sqlite/2026_12_07_140000_search_header_indexes.ts.
// Search: partial indexes over the dialogue headers alone (about one document in eleven),
// for the window of headers that every search reads over the whole archive
// (src/search/search.service.ts).
//
// Without them the header window tested lines too: for a word in many titles the planner
// walked the newest documents of both kinds (18,000 rows for "yang", 29,000 for "pe*", at
// 1 M segments, 20–80 ms), and for a rarer word it rechecked every line that held it.
// With them it walks the newest headers only (search_fts_header_ids), or looks the word up
// among headers only (search_fts_headers), and joins the headers' documents through their
// own index (search_docs_headers). The predicates are the header marker facet and a
// document without a segment, written exactly as src/search/full-text.ts writes them into
// the header query (HEADERS_ONLY): the planner uses a partial index only when the query
// repeats its predicate.
//
// The rebuild of the index (src/search/reindex.ts) copies them with the table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index search_fts_headers on search_fts using gin (document) where document @@ '''hdr'':C'::tsquery`.execute(db);
  await sql`create index search_fts_header_ids on search_fts (rowid) where document @@ '''hdr'':C'::tsquery`.execute(db);
  await sql`create index search_docs_headers on search_docs (doc_id) where segment_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index search_docs_headers`.execute(db);
  await sql`drop index search_fts_header_ids`.execute(db);
  await sql`drop index search_fts_headers`.execute(db);
}
