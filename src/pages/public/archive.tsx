// The public archive's lists: the home page, browsing by programme, topic, speaker and
// date, and a speaker's public page (name, position, organisation; never contact details).
import type { FC } from 'hono/jsx';
import type { DialogueJson } from '../../dialogues/dialogues.schemas.ts';
import { DialogueList } from '../components.tsx';
import type { Directory } from '../data.ts';
import { Layout, type Page, withQuery } from '../layout.tsx';

/** What the public may know of a person: never their email or phone. */
export type PublicSpeaker = { id: string; name: string; position: string | null; organisation: string | null; bio: string | null };

const ProgrammeLinks: FC<{ p: Page; dir: Directory }> = ({ p, dir }) => (
  <ul class="tags">
    {[...dir.programs.values()].map((program) => (
      <li>
        <a href={`/browse?program=${program.slug}`}>{program.title}</a>
      </li>
    ))}
    {dir.programs.size === 0 ? <li class="muted">{p.t.noResults}</li> : null}
  </ul>
);

const TopicLinks: FC<{ dir: Directory }> = ({ dir }) => (
  <ul class="tags">
    {[...dir.topics.entries()].map(([slug, name]) => (
      <li>
        <a href={`/browse?topic=${slug}`}>{name}</a>
      </li>
    ))}
  </ul>
);

export const SearchForm: FC<{ p: Page; q?: string }> = ({ p, q }) => (
  <form class="search" action="/search" method="get" role="search">
    <div>
      <label for="q">{p.t.searchLabel}</label>
      <input type="search" id="q" name="q" value={q ?? ''} maxlength={256} aria-describedby="q-help" />
    </div>
    <button type="submit">{p.t.searchButton}</button>
    <p id="q-help" class="meta">
      {p.t.searchHelp}
    </p>
  </form>
);

/** Announced dialogues ahead, with their status (a cancelled one says so); coordinators go to the console's page. */
const UpcomingList: FC<{ p: Page; dir: Directory; items: DialogueJson[] }> = ({ p, dir, items }) => (
  <DialogueList p={p} items={items} dir={dir} empty={p.t.noUpcoming} showStatus hrefOf={(d) => (p.actor.kind === 'user' ? `/console/dialogues/${d.id}` : `/dialog/${d.id}`)} />
);

export const HomePage: FC<{ p: Page; dir: Directory; recent: DialogueJson[]; upcoming: DialogueJson[] }> = ({ p, dir, recent, upcoming }) => (
  <Layout p={p} title={p.t.navHome} description={p.t.tagline}>
    <h1>{p.t.tagline}</h1>
    <SearchForm p={p} />
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">{p.t.recent}</h2>
      <DialogueList p={p} items={recent} dir={dir} empty={p.t.noRecent} />
      {recent.length > 0 ? (
        <p>
          <a href="/browse">{p.t.navBrowse} →</a>
        </p>
      ) : null}
    </section>
    <section aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">{p.t.upcoming}</h2>
      <UpcomingList p={p} dir={dir} items={upcoming} />
    </section>
    <section aria-labelledby="programmes-heading">
      <h2 id="programmes-heading">{p.t.programmes}</h2>
      <ProgrammeLinks p={p} dir={dir} />
    </section>
    <section aria-labelledby="topics-heading">
      <h2 id="topics-heading">{p.t.topics}</h2>
      <TopicLinks dir={dir} />
    </section>
  </Layout>
);

export type BrowseFilters = { program?: string; topic?: string; speaker?: string; year?: number; month?: number };

export const BrowsePage: FC<{
  p: Page;
  dir: Directory;
  people: { id: string; name: string }[];
  years: number[];
  filters: BrowseFilters;
  items: DialogueJson[];
  /** A programme's announced dialogues ahead, on its first page; null elsewhere. */
  upcoming: DialogueJson[] | null;
  nextCursor: string | null;
  isFirstPage: boolean;
}> = ({ p, dir, people, years, filters, items, upcoming, nextCursor, isFirstPage }) => {
  const { t, f } = p;
  return (
    <Layout p={p} title={t.browseTitle}>
      <h1>{t.browseTitle}</h1>
      <form action="/browse" method="get">
        <div class="row">
          <div>
            <label for="f-program">{t.programme}</label>
            <select id="f-program" name="program">
              <option value="">{t.allProgrammes}</option>
              {[...dir.programs.values()].map((program) => (
                <option value={program.slug} selected={filters.program === program.slug}>
                  {program.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-topic">{t.topics}</label>
            <select id="f-topic" name="topic">
              <option value="">{t.allTopics}</option>
              {[...dir.topics.entries()].map(([slug, name]) => (
                <option value={slug} selected={filters.topic === slug}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-speaker">{t.speakers}</label>
            <select id="f-speaker" name="speaker">
              <option value="">{t.allSpeakers}</option>
              {people.map((person) => (
                <option value={person.id} selected={filters.speaker === person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-year">{t.year}</label>
            <select id="f-year" name="year">
              <option value="">{t.anyYear}</option>
              {years.map((year) => (
                <option value={String(year)} selected={filters.year === year}>
                  {year}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-month">{t.month}</label>
            <select id="f-month" name="month">
              <option value="">{t.anyMonth}</option>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
                <option value={String(month)} selected={filters.month === month}>
                  {f.monthName(month)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t.filter}</button>
      </form>
      {upcoming ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{t.upcoming}</h2>
          <UpcomingList p={p} dir={dir} items={upcoming} />
        </section>
      ) : null}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t.dialogues}</h2>
        {filters.program && [...dir.programs.values()].some((x) => x.slug === filters.program) ? (
          <p>
            {t.podcast}: <a href={`/feeds/${filters.program}.xml`}>RSS</a>
          </p>
        ) : null}
        <DialogueList p={p} items={items} dir={dir} empty={t.noResults} />
        <p>
          {nextCursor ? <a href={withQuery(p, { cursor: nextCursor })}>{t.nextPage} →</a> : null}{' '}
          {isFirstPage ? null : <a href={withQuery(p, { cursor: undefined })}>{t.firstPage}</a>}
        </p>
      </section>
    </Layout>
  );
};

export const SpeakerPage: FC<{ p: Page; person: PublicSpeaker; dir: Directory; items: DialogueJson[] }> = ({ p, person, dir, items }) => (
  <Layout p={p} title={person.name} description={[person.position, person.organisation].filter(Boolean).join(', ')}>
    <h1>{person.name}</h1>
    {person.position || person.organisation ? <p class="meta">{[person.position, person.organisation].filter(Boolean).join(' · ')}</p> : null}
    {person.bio ? <p>{person.bio}</p> : null}
    <section aria-labelledby="speaker-dialogues">
      <h2 id="speaker-dialogues">{p.t.speakerDialogues}</h2>
      <DialogueList p={p} items={items} dir={dir} empty={p.t.noResults} />
    </section>
  </Layout>
);
