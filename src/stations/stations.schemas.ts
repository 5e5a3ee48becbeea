import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { slugSchema } from '../http/schemas.ts';

const timezone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'an IANA time zone such as Asia/Jakarta')
  .openapi({ example: 'Asia/Jakarta' });

const recorderId = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');

export const StationInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    slug: slugSchema.optional(),
    timezone,
    recorderId: recorderId.nullable().optional(),
  })
  .openapi('StationInput');

export const StationPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    slug: slugSchema.optional(),
    timezone: timezone.optional(),
    recorderId: recorderId.nullable().optional(),
  })
  .openapi('StationPatch');

export const StationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    recorderId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Station');

export type StationInput = z.infer<typeof StationInput>;
export type StationPatch = z.infer<typeof StationPatch>;
