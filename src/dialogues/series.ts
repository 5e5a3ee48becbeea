// Repeating slots: an RRULE repeats the first occurrence's wall-clock time in the station's
// zone (a 09:00 WIB slot stays at 09:00 local on every date), as calendar apps do.
import { DateTime } from 'luxon';
import rrule from 'rrule';

// rrule ships CommonJS to Node's ESM loader, so its named exports come through the default.
const { RRule } = rrule;
import { AppError } from '../errors.ts';

export const MAX_OCCURRENCES = 200;

const bad = (message: string) =>
  new AppError(400, 'invalid_request', message, { fields: [{ path: 'rrule', message }] });

/** Local start times of every occurrence, in order, the first being `first` itself. */
export function occurrences(rrule: string, first: DateTime): DateTime[] {
  let options;
  try {
    options = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
  } catch {
    throw bad('The rule is not an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=WE;COUNT=8.');
  }
  if (options.freq === undefined) throw bad('The rule needs a FREQ.');
  if (options.count == null && options.until == null) throw bad('The rule needs COUNT or UNTIL, so the series ends.');
  if ('dtstart' in options && options.dtstart) throw bad('Give the first occurrence in startsAt, not DTSTART.');
  // rrule computes in "floating" time: UTC fields stand for the station's wall clock.
  const floating = new Date(Date.UTC(first.year, first.month - 1, first.day, first.hour, first.minute, first.second));
  let rule: InstanceType<typeof RRule>;
  try {
    rule = new RRule({ ...options, dtstart: floating, tzid: null });
  } catch {
    throw bad('The rule cannot be expanded.');
  }
  const dates = rule.all((_, i) => i <= MAX_OCCURRENCES);
  if (dates.length > MAX_OCCURRENCES) throw bad(`A series may have at most ${MAX_OCCURRENCES} occurrences.`);
  if (dates.length === 0) throw bad('The rule gives no occurrence.');
  const local = dates.map((d) =>
    DateTime.fromObject(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
      { zone: first.zone },
    ),
  );
  if (local[0]?.toMillis() !== first.toMillis()) {
    throw bad('startsAt must itself be an occurrence of the rule (e.g. BYDAY must include its weekday).');
  }
  return local;
}
