import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { optionalText, slugSchema } from '../http/schemas.ts';

const timezone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'an IANA time zone such as Asia/Jakarta')
  .openapi({ example: 'Asia/Jakarta' });

const recorderId = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');
// Margins around a dialogue's span when its audio is cut from the recordings; null: the default
// (SIARAN_CAPTURE_PREROLL_SEC / SIARAN_CAPTURE_POSTROLL_SEC).
const margin = z.number().int().min(0).max(3600).nullable().optional();
// How long the station's recorder files are kept; null: the default (SIARAN_RETENTION_DAYS).
const retentionDays = z
  .number()
  .int()
  .min(1)
  .max(36_500)
  .nullable()
  .optional()
  .openapi({ description: 'Days recorder files are kept once no uncaptured dialogue needs them; null: SIARAN_RETENTION_DAYS' });
const transcriptPolicy = z.enum(['publish', 'hold']).openapi({
  description: "publish: machine drafts are public at once, labelled as not yet reviewed; hold: the public sees only people's or reviewed versions",
});
// Hours before the start when speakers are reminded (src/messages): at most a few, each
// once, up to two weeks ahead; an empty list sends no reminders.
const reminderHours = z
  .array(z.number().int().min(1).max(336))
  .max(5)
  .refine((hours) => new Set(hours).size === hours.length, 'each lead time at most once')
  .openapi({ description: 'Hours before the start when participants who have not declined are reminded (also the alarms of their calendar); [] sends none', example: [24, 2] });
const asrLanguage = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'an ISO 639-1 code such as id, en or jv')
  .openapi({ description: 'The language Whisper is told to expect', example: 'id' });

export const StationInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    slug: slugSchema.optional(),
    timezone,
    recorderId: recorderId.nullable().optional(),
    prerollSeconds: margin,
    postrollSeconds: margin,
    retentionDays,
    transcriptPolicy: transcriptPolicy.optional(),
    asrLanguage: asrLanguage.optional(),
    studioAddress: optionalText(500).openapi({ description: 'where speakers come for the broadcast (invitations)' }),
    dialIn: optionalText(200).openapi({ description: 'how speakers join by phone (invitations)' }),
    reminderHours: reminderHours.optional().openapi({ description: 'default [24, 2]' }),
  })
  .openapi('StationInput');

export const StationPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    slug: slugSchema.optional(),
    timezone: timezone.optional(),
    recorderId: recorderId.nullable().optional(),
    prerollSeconds: margin,
    postrollSeconds: margin,
    retentionDays,
    transcriptPolicy: transcriptPolicy.optional(),
    asrLanguage: asrLanguage.optional(),
    studioAddress: optionalText(500).openapi({ description: 'where speakers come for the broadcast (invitations)' }),
    dialIn: optionalText(200).openapi({ description: 'how speakers join by phone (invitations)' }),
    reminderHours: reminderHours.optional(),
  })
  .openapi('StationPatch');

export const StationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    recorderId: z.string().nullable(),
    prerollSeconds: z.number().int().nullable(),
    postrollSeconds: z.number().int().nullable(),
    retentionDays: z.number().int().nullable(),
    transcriptPolicy,
    asrLanguage,
    studioAddress: z.string().nullable(),
    dialIn: z.string().nullable(),
    reminderHours: z.array(z.number().int()).openapi({ description: 'Hours before the start when reminders go out, largest first', example: [24, 2] }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Station');

export type StationInput = z.infer<typeof StationInput>;
export type StationPatch = z.infer<typeof StationPatch>;
