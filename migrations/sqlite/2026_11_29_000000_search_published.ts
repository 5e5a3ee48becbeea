// Search: a copy of "published" on every search document, so a public search filters the
// index's own rows instead of looking up each matching line's dialogue. At 1 M segments the
// lookup was a third of what a selective public query spent reading its matches
// (test/bench/search.bench.ts).
//
// The copy is kept by the database itself: a trigger rewrites it in the statement that
// changes a dialogue's status, whatever code (or CLI, or second process) makes the change,
// so the index cannot show a line of a dialogue that has just been unpublished.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('search_docs')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0).check(sql`published in (0, 1)`))
    .execute();
  await sql`update search_docs set published = 1
    where dialogue_id in (select id from dialogues where status = 'published')`.execute(db);
  await sql`create trigger search_docs_published after update of status on dialogues
    when (old.status = 'published') <> (new.status = 'published')
    begin
      update search_docs set published = (new.status = 'published') where dialogue_id = new.id;
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger search_docs_published`.execute(db);
  await db.schema.alterTable('search_docs').dropColumn('published').execute();
}
