// When a recorder file begins, read from its name or, failing that, from the time the file
// itself declares. Accepted names (anything may come before or after; the README lists them):
//
//   2021-09-08_09-00-00   2021-09-08T09-00-00   2021-09-08 09.00.00   2021-09-08_09-00
//   20210908-090000       20210908_090000       20210908T090000
//
// each optionally followed directly by an offset (`Z`, `+07`, `+0700`, `+07:00`, `-0330`).
// Without an offset the time is the station's wall-clock time.
import { DateTime, FixedOffsetZone } from 'luxon';

const SEPARATED = /(\d{4})-(\d{2})-(\d{2})[_T ](\d{2})[-.:](\d{2})(?:[-.:](\d{2}))?/;
const COMPACT = /(\d{4})(\d{2})(\d{2})[-_T](\d{2})(\d{2})(\d{2})/;
const OFFSET = /^(Z|[+-]\d{2}(?::?\d{2})?)(?!\d)/;

function zoneOf(offset: string | undefined, stationZone: string): string | FixedOffsetZone {
  if (!offset) return stationZone;
  if (offset === 'Z') return 'UTC';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
  const minutes = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
  return FixedOffsetZone.instance(minutes);
}

/**
 * The instant a file named `name` starts, or null when the name carries no (valid) time.
 * A wall-clock time that does not exist in the station's zone (a daylight-saving gap) is not
 * a time a recorder could have written, so it counts as none.
 */
export function startFromFileName(name: string, stationZone: string): Date | null {
  const match = SEPARATED.exec(name) ?? COMPACT.exec(name);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const offset = OFFSET.exec(name.slice(match.index + match[0].length))?.[1];
  const fields = { year, month, day, hour, minute, second };
  const time = DateTime.fromObject(fields, { zone: zoneOf(offset, stationZone) });
  if (!time.isValid || time.hour !== fields.hour || time.minute !== fields.minute) return null;
  return time.toJSDate();
}

/**
 * The instant a file's own creation time stands for: an ISO string with an offset is taken as
 * it is, one without (a broadcast WAV's origination date and time) as station time.
 */
export function startFromMetadata(creationTime: string | null, stationZone: string): Date | null {
  if (!creationTime) return null;
  const normalised = creationTime.trim().replace(' ', 'T');
  const time = DateTime.fromISO(normalised, { zone: stationZone, setZone: true });
  return time.isValid ? time.toJSDate() : null;
}
