// Turning what clients send into UTC instants: either an instant with an offset, or a
// local date-time read in the station's time zone (API.md "General"). Luxon does the
// zone arithmetic; nothing here adds offsets by hand.
import { DateTime } from 'luxon';
import { z } from '@hono/zod-openapi';
import { AppError, said } from '../errors.ts';

const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

export const DateTimeInput = z
  .string()
  .regex(shape, 'an ISO-8601 date-time such as "2021-09-08T09:00" (station time) or "2021-09-08T09:00:00+07:00"')
  .openapi({ example: '2021-09-08T09:00' });

const hasOffset = (value: string) => /(Z|[+-]\d{2}:\d{2})$/.test(value);

export function localDateTime(value: string, zone: string, field: string): DateTime {
  const parsed = hasOffset(value) ? DateTime.fromISO(value, { setZone: true }).setZone(zone) : DateTime.fromISO(value, { zone });
  if (!parsed.isValid) {
    throw new AppError(400, 'invalid_request', said(`${field} bukan tanggal dan jam yang ada.`, `${field} is not a real date and time.`), {
      fields: [{ path: field, message: said('bukan tanggal dan jam yang ada', 'is not a real date and time') }],
    });
  }
  // A wall-clock time skipped by a daylight-saving jump does not exist; Luxon would
  // silently move it, so compare what we read with what was written.
  if (!hasOffset(value) && parsed.toISO({ includeOffset: false })?.slice(0, value.length) !== value) {
    throw new AppError(400, 'invalid_request', said(`${field} tidak ada di zona ${zone} (perubahan jam melompatinya).`, `${field} does not exist in ${zone} (a clock change skips it).`), {
      fields: [{ path: field, message: said(`tidak ada di zona ${zone} (perubahan jam melompatinya)`, `does not exist in ${zone} (a clock change skips it)`) }],
    });
  }
  return parsed;
}

export const toUtcIso = (dt: DateTime) => dt.toUTC().toISO({ suppressMilliseconds: false }) as string;

export function parseInstant(value: string, zone: string, field: string): string {
  return toUtcIso(localDateTime(value, zone, field));
}
