// Repeating slots: an RRULE repeats the first occurrence's wall-clock time in the station's
// zone (a 09:00 WIB slot stays at 09:00 local on every date), as calendar apps do.
import { DateTime } from 'luxon';
import rrule from 'rrule';

// rrule ships CommonJS to Node's ESM loader, so its named exports come through the default.
const { RRule } = rrule;
import { AppError, said, type Localized } from '../errors.ts';

export const MAX_OCCURRENCES = 200;

const bad = (message: Localized) => new AppError(400, 'invalid_request', message, { fields: [{ path: 'rrule', message }] });

/** Local start times of every occurrence, in order, the first being `first` itself. */
export function occurrences(rrule: string, first: DateTime): DateTime[] {
  let options;
  try {
    options = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
  } catch {
    throw bad(said('Aturan ini bukan RRULE RFC 5545 seperti FREQ=WEEKLY;BYDAY=WE;COUNT=8.', 'The rule is not an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=WE;COUNT=8.'));
  }
  if (options.freq === undefined) throw bad(said('Aturan ini memerlukan FREQ.', 'The rule needs a FREQ.'));
  if (options.count == null && options.until == null) throw bad(said('Aturan ini memerlukan COUNT atau UNTIL, agar seri berakhir.', 'The rule needs COUNT or UNTIL, so the series ends.'));
  if ('dtstart' in options && options.dtstart) throw bad(said('Berikan kejadian pertama di startsAt, bukan DTSTART.', 'Give the first occurrence in startsAt, not DTSTART.'));
  // rrule computes in "floating" time: UTC fields stand for the station's wall clock.
  const floating = new Date(Date.UTC(first.year, first.month - 1, first.day, first.hour, first.minute, first.second));
  let rule: InstanceType<typeof RRule>;
  try {
    rule = new RRule({ ...options, dtstart: floating, tzid: null });
  } catch {
    throw bad(said('Aturan ini tidak dapat dijabarkan.', 'The rule cannot be expanded.'));
  }
  const dates = rule.all((_, i) => i <= MAX_OCCURRENCES);
  if (dates.length > MAX_OCCURRENCES) throw bad(said(`Satu seri paling banyak ${MAX_OCCURRENCES} kejadian.`, `A series may have at most ${MAX_OCCURRENCES} occurrences.`));
  if (dates.length === 0) throw bad(said('Aturan ini tidak menghasilkan satu kejadian pun.', 'The rule gives no occurrence.'));
  const local = dates.map((d) =>
    DateTime.fromObject(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
      { zone: first.zone },
    ),
  );
  if (local[0]?.toMillis() !== first.toMillis()) {
    throw bad(said('startsAt harus termasuk kejadian aturan ini (misalnya BYDAY harus memuat harinya).', 'startsAt must itself be an occurrence of the rule (e.g. BYDAY must include its weekday).'));
  }
  return local;
}
