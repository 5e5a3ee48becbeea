// The search page: hits grouped by dialogue, each opening the dialogue at the moment the
// words were said.
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { DeepReport, SearchHit } from '../../search/search.service.ts';
import { clock } from '../i18n.ts';
import { Layout, type Page, withQuery } from '../layout.tsx';
import { SearchForm } from './archive.tsx';

type Group = { dialogueId: string; title: string; hits: SearchHit[] };

/** Hits in rank order, gathered under the dialogue of their best hit. */
export function groupByDialogue(hits: SearchHit[]): Group[] {
  const groups = new Map<string, Group>();
  for (const hit of hits) {
    let group = groups.get(hit.dialogueId);
    if (!group) {
      group = { dialogueId: hit.dialogueId, title: hit.dialogueTitle, hits: [] };
      groups.set(hit.dialogueId, group);
    }
    group.hits.push(hit);
  }
  return [...groups.values()];
}

// The search service escapes the text and adds <mark> only; anything else that looks
// like a tag is escaped again here, so a change there cannot open a hole here.
const markedSnippet = (html: string) => raw(html.replace(/<(?!\/?mark>)/g, '&lt;'));

export const SearchPage: FC<{
  p: Page;
  q: string;
  hits: SearchHit[];
  nextCursor: string | null;
  ranking?: 'all' | 'recent';
  deep?: DeepReport | null;
  error?: string;
}> = ({ p, q, hits, nextCursor, ranking, deep, error }) => {
  const { t } = p;
  const groups = groupByDialogue(hits);
  return (
    <Layout p={p} title={q ? `${q} · ${t.navSearch}` : t.searchTitle} noindex={q !== ''}>
      <h1>{t.searchTitle}</h1>
      <SearchForm p={p} q={q} />
      {error ? (
        <p class="notice error" role="alert">
          {t.searchError}: {error}
        </p>
      ) : null}
      {q && !error ? (
        <section aria-labelledby="hits-heading">
          <h2 id="hits-heading">{hits.length > 0 ? t.searchHits(hits.length, groups.length) : t.searchNone}</h2>
          {deep ? (
            <p class="notice">{deep.complete ? t.searchDeepDone(deep.ranked, deep.elapsedMs) : t.searchDeepPartial(deep.ranked, deep.budgetMs)}</p>
          ) : ranking === 'recent' ? (
            <p>
              {t.searchDeeperHelp} <a href={withQuery(p, { deep: '1', cursor: undefined })}>{t.searchDeeper} →</a>
            </p>
          ) : null}
          <ul class="cards">
            {groups.map((group) => (
              <li>
                <h3>
                  <a href={`/dialog/${group.dialogueId}`}>{group.title}</a>
                </h3>
                <ul>
                  {group.hits.map((hit) => (
                    <li>
                      {hit.startMs === null ? (
                        <a href={hit.url}>{markedSnippet(hit.snippet)}</a>
                      ) : (
                        <>
                          <a href={hit.url} aria-label={`${t.listenAt} ${clock(hit.startMs)}`}>
                            {clock(hit.startMs)}
                          </a>{' '}
                          {hit.speaker ? <b>{hit.speaker.name}:</b> : null} {markedSnippet(hit.snippet)}
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {nextCursor ? (
            <p>
              <a href={withQuery(p, { cursor: nextCursor })}>{t.moreHits} →</a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
};
