// Pieces several pages show the same way: a dialogue in a list, a status, a transcript.
import type { Child, FC } from 'hono/jsx';
import type { DialogueJson } from '../dialogues/dialogues.schemas.ts';
import type { Directory, TranscriptLine } from './data.ts';
import { clock } from './i18n.ts';
import type { Page } from './layout.tsx';

export const StatusBadge: FC<{ p: Page; status: string }> = ({ p, status }) => (
  <span class={`badge ${status}`}>{p.t.status[status] ?? status}</span>
);

/** Where a dialogue aired: "RRI Palangka Raya · Dialog Interaktif". */
export function placeOf(d: DialogueJson, dir: Directory): string {
  const station = dir.stations.get(d.stationId)?.name ?? '';
  const program = d.programId ? dir.programs.get(d.programId)?.title : undefined;
  return program ? `${station} · ${program}` : station;
}

export const DialogueCard: FC<{ p: Page; d: DialogueJson; dir: Directory; href: string; showStatus?: boolean }> = ({
  p,
  d,
  dir,
  href,
  showStatus,
}) => {
  const people = d.participants.filter((x) => x.role !== 'host').map((x) => x.name);
  const hosts = d.participants.filter((x) => x.role === 'host').map((x) => x.name);
  return (
    <li>
      <h3>
        <a href={href}>{d.title}</a> {showStatus ? <StatusBadge p={p} status={d.status} /> : null}
      </h3>
      <p class="meta">
        <time datetime={d.startsAt}>{p.f.span(d.startsAt, d.endsAt, d.timezone)}</time> · {placeOf(d, dir)}
      </p>
      {people.length > 0 || hosts.length > 0 ? (
        <p class="meta">
          {people.join(', ')}
          {hosts.length > 0 ? ` · ${p.t.role.host}: ${hosts.join(', ')}` : ''}
        </p>
      ) : null}
    </li>
  );
};

export const DialogueList: FC<{ p: Page; items: DialogueJson[]; dir: Directory; hrefOf?: (d: DialogueJson) => string; showStatus?: boolean; empty: string }> = ({
  p,
  items,
  dir,
  hrefOf = (d) => `/dialog/${d.id}`,
  showStatus,
  empty,
}) =>
  items.length === 0 ? (
    <p class="muted">{empty}</p>
  ) : (
    <ul class="cards">
      {items.map((d) => (
        <DialogueCard p={p} d={d} dir={dir} href={hrefOf(d)} showStatus={showStatus} />
      ))}
    </ul>
  );

/** `t=754`: the id a line carries, so `#t=754` lands on it even without JavaScript. */
export const momentId = (ms: number) => `t=${Math.floor(ms / 1000)}`;

/**
 * The transcript as an ordered list: each line's time is a link to that moment (the
 * address to share), the speaker's name is written when it changes. `extra` adds
 * something under a line (the speakers' portal puts its correction form there).
 */
export const TranscriptList: FC<{ lines: TranscriptLine[]; extra?: (line: TranscriptLine) => unknown }> = ({ lines, extra }) => {
  const seen = new Set<string>();
  let previous: string | null = null;
  return (
    <ol id="transcript" class="transcript">
      {lines.map((line) => {
        const name = line.speaker?.name ?? null;
        const showName = name !== null && name !== previous;
        previous = name;
        const id = line.startMs === null ? null : momentId(line.startMs);
        // Two lines starting in the same second: the first one is the moment's anchor.
        const anchor = id !== null && !seen.has(id) ? id : undefined;
        if (id) seen.add(id);
        // Lean markup on purpose: an hour of talk is some 450 lines, and the whole page
        // must stay under 100 KB for listeners on slow phone connections. The script
        // reads each line's start from its link, so no other attribute is needed.
        return (
          <li>
            {id === null ? null : (
              <a href={`#${id}`} id={anchor}>
                {clock(line.startMs as number)}
              </a>
            )}
            {showName ? <b>{name}</b> : null}
            {line.text}
            {extra ? (extra(line) as never) : null}
          </li>
        );
      })}
    </ol>
  );
};

/** What a form did: a confirmation, or the errors to fix (focusable, so the form can move the reader to them). */
export const Notices: FC<{ notice?: string; errors?: Child[]; title?: string }> = ({ notice, errors, title }) => (
  <>
    {notice ? (
      <p class="notice ok" role="status">
        {notice}
      </p>
    ) : null}
    {errors && errors.length > 0 ? (
      <div class="notice error" role="alert" id="form-errors" tabindex={-1}>
        {title ? <strong>{title}</strong> : null}
        <ul>
          {errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      </div>
    ) : null}
  </>
);
