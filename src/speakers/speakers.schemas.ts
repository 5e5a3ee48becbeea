import { z } from '@hono/zod-openapi';
import { optionalText } from '../http/schemas.ts';
import { langQuery } from '../http/language.ts';

export const SpeakerInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    position: optionalText(300),
    organisation: optionalText(300),
    email: z.email().max(254).nullable().optional(),
    phone: z.string().trim().max(40).regex(/^[+0-9 ()-]*$/, 'digits, spaces, + ( ) -').nullable().optional(),
    bio: optionalText(5000),
    photoUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional().openapi({ description: 'a public photo (an https address)' }),
    language: z.enum(['id', 'en']).optional().openapi({ description: 'the language of the messages this person receives' }),
  })
  .openapi('SpeakerInput');

export const SpeakerPatch = SpeakerInput.partial().openapi('SpeakerPatch');

/** Contact fields are present only for coordinators and the speaker themself. */
export const SpeakerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.string().nullable(),
    organisation: z.string().nullable(),
    bio: z.string().nullable(),
    photoUrl: z.string().nullable(),
    language: z.enum(['id', 'en']),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
  })
  .openapi('Speaker');

export const SpeakerListQuery = z.strictObject({
  ...langQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().trim().max(100).optional(),
});

export const SpeakerMerge = z
  .strictObject({ otherId: z.string().min(1).max(64).openapi({ description: 'the record merged into this one, then removed' }) })
  .openapi('SpeakerMerge');

export const SpeakerLinkSchema = z.object({ url: z.string(), token: z.string() }).openapi('SpeakerLink');

export type SpeakerInput = z.infer<typeof SpeakerInput>;
export type SpeakerPatch = z.infer<typeof SpeakerPatch>;
