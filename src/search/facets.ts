/**
 * Filter tokens ("facets") indexed with every search document, so that a filter becomes
 * one more term of the full-text query. The index then intersects a word found in most
 * segments with one station's documents by skipping through both posting lists, instead
 * of the database testing a million joined rows one by one.
 *
 * A facet is a kind prefix and a hash of the id: ids are opaque strings (UUIDs, demo
 * slugs) and the index must only ever see letters and digits. 64 bits of SHA-256 make a
 * collision between two ids of the archive practically impossible.
 *
 * Dates are indexed as the UTC year and month of the dialogue's start ("y2021",
 * "m202109"). A date range becomes the smallest set of whole years and months covering
 * it; the exact bounds are then checked against the dialogue itself.
 */
import { createHash } from 'node:crypto';

export type FacetKind = 'dialogue' | 'station' | 'program' | 'topic' | 'speaker';

const PREFIX: Record<FacetKind, string> = { dialogue: 'dl', station: 'st', program: 'pg', topic: 'tp', speaker: 'sp' };

/**
 * Marks header documents (titles and names), so that headers can be searched over the
 * whole archive apart from the lines (search.service.ts). Indexed from analysis version 2.
 */
export const HEADER_FACET = 'hdr';

export function facet(kind: FacetKind, id: string): string {
  return PREFIX[kind] + createHash('sha256').update(id).digest('hex').slice(0, 16);
}

const yearToken = (year: number) => `y${year}`;
const monthToken = (year: number, month: number) => `m${year}${String(month).padStart(2, '0')}`;

export function dateFacets(startsAt: string): string[] {
  const date = new Date(startsAt);
  return [yearToken(date.getUTCFullYear()), monthToken(date.getUTCFullYear(), date.getUTCMonth() + 1)];
}

export interface DialogueFacetSource {
  id: string;
  station_id: string;
  program_id: string | null;
  starts_at: string;
  topicIds: string[];
}

/** The facets every document of a dialogue carries, sorted so that equal sets compare equal as text. */
export function dialogueFacets(d: DialogueFacetSource): string[] {
  return [
    facet('dialogue', d.id),
    facet('station', d.station_id),
    ...(d.program_id === null ? [] : [facet('program', d.program_id)]),
    ...d.topicIds.map((id) => facet('topic', id)),
    ...dateFacets(d.starts_at),
  ].sort();
}

/**
 * Year and month tokens of which a dialogue starting between `first` and `last`
 * (UTC instants, inclusive) carries at least one: whole years in the middle, months at
 * the ends: at most 23 months plus the years between.
 */
export function dateRangeFacets(first: string, last: string): string[] {
  const from = new Date(first);
  const to = new Date(last);
  if (from > to) return [];
  const tokens: string[] = [];
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth() + 1;
  const endYear = to.getUTCFullYear();
  const endMonth = to.getUTCMonth() + 1;
  while (year < endYear || (year === endYear && month <= endMonth)) {
    if (month === 1 && year < endYear) {
      tokens.push(yearToken(year));
      year++;
      continue;
    }
    tokens.push(monthToken(year, month));
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  return tokens;
}
