// How a dialogue's audio looks in the API (API.md), and where its files are served.
import { z } from '@hono/zod-openapi';
import type { DialogueAudio } from '../db/schema.ts';

export const AUDIO_FORMATS = {
  opus: { mimeType: 'audio/ogg; codecs=opus', column: 'opus_path' },
  mp3: { mimeType: 'audio/mpeg', column: 'mp3_path' },
  'peaks.json': { mimeType: 'application/json', column: 'peaks_path' },
} as const;
export type AudioFile = keyof typeof AUDIO_FORMATS;

export const AudioSchema = z
  .object({
    durationMs: z.number().int(),
    renditions: z.array(z.object({ format: z.enum(['opus', 'mp3']), url: z.string(), bytes: z.number().int(), mimeType: z.string() })),
    peaksUrl: z.string(),
    source: z.enum(['recordings', 'upload']),
    coverage: z.enum(['full', 'partial']),
    /** Instants no recording covered; they are silence in the audio. */
    missing: z.array(z.object({ from: z.string(), to: z.string() })),
  })
  .openapi('Audio');
export type AudioJson = z.infer<typeof AudioSchema>;

/**
 * The URL of one of a dialogue's files. Stable per dialogue (feeds and players keep it); the
 * render id in the query changes with each render, so caches may keep a version forever.
 */
export const mediaUrl = (dialogueId: string, file: AudioFile, renderId: string) => `/media/dialogues/${encodeURIComponent(dialogueId)}.${file}?v=${renderId}`;

export const toAudioJson = (a: DialogueAudio): AudioJson => ({
  durationMs: a.duration_ms,
  renditions: [
    { format: 'opus', url: mediaUrl(a.dialogue_id, 'opus', a.render_id), bytes: a.opus_bytes, mimeType: AUDIO_FORMATS.opus.mimeType },
    { format: 'mp3', url: mediaUrl(a.dialogue_id, 'mp3', a.render_id), bytes: a.mp3_bytes, mimeType: AUDIO_FORMATS.mp3.mimeType },
  ],
  peaksUrl: mediaUrl(a.dialogue_id, 'peaks.json', a.render_id),
  source: a.source,
  coverage: a.coverage,
  missing: JSON.parse(a.missing),
});
