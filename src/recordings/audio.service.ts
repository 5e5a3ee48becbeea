// A dialogue's audio as requests see it: uploads by hand, "capture now", and which file a
// listener may fetch.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Actor, actorLabel } from '../auth/actor.ts';
import { AudioError, probe } from '../audio/ffmpeg.ts';
import { MEDIA_FOLDERS, commitTempFile, removeQuietly, resolveMediaPath, tempPathFor, toMediaPath } from '../audio/storage.ts';
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import { findDialogue, findVisibleDialogue } from '../dialogues/dialogues.repository.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { AUDIO_FORMATS, type AudioFile } from './audio.schemas.ts';
import * as repo from './recordings.repository.ts';

const tooLarge = (limit: number) => new AppError(413, 'payload_too_large', said(`Unggahan audio paling besar ${Math.round(limit / 1048576)} MiB.`, `An audio upload may be at most ${Math.round(limit / 1048576)} MiB.`));

// The extension only helps a person browsing media/uploads/; ffmpeg reads the content.
const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/ogg': 'ogg', 'audio/opus': 'opus', 'audio/wav': 'wav', 'audio/x-wav': 'wav',
  'audio/wave': 'wav', 'audio/flac': 'flac', 'audio/x-flac': 'flac', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/aac': 'aac', 'audio/webm': 'webm',
};

async function usableDialogue(db: Db, id: string) {
  const dialogue = await findDialogue(db, id);
  if (!dialogue) throw notFound(THINGS.dialogue, id);
  if (dialogue.status === 'cancelled') throw new AppError(409, 'dialogue_cancelled', said('Dialog ini dibatalkan; buka kembali dulu.', 'This dialogue is cancelled; reopen it first.'));
  return dialogue;
}

/**
 * Audio records a broadcast: audio for a dialogue still to come would mark it aired (and
 * publishable) before anyone heard it, unless the programme was recorded beforehand.
 */
function assertStarted(dialogue: { starts_at: string; prerecorded: number }) {
  if (dialogue.prerecorded === 1 || dialogue.starts_at <= nowIso()) return;
  throw new AppError(
    409,
    'not_started',
    said(
      'Dialog ini belum dimulai, jadi belum ada rekamannya. Bila acaranya direkam lebih dulu, tandai dialog sebagai rekaman (prerecorded) lalu unggah lagi.',
      'This dialogue has not started, so there is no recording of it yet. If the programme was recorded beforehand, mark the dialogue as prerecorded and upload again.',
    ),
    { startsAt: dialogue.starts_at },
  );
}

/**
 * Streams an upload to disk (never whole in memory), checks it is audio, and queues its
 * processing. The body is written under a temporary name and only becomes the dialogue's
 * upload, under its final name and in the database, once it is complete and readable.
 */
export async function uploadAudio(
  db: Db,
  config: Config,
  jobs: Jobs,
  actor: Actor,
  dialogueId: string,
  request: { contentType: string | undefined; contentLength: string | undefined; body: ReadableStream<Uint8Array> | null },
) {
  const limit = config.capture.uploadLimitBytes;
  const type = request.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type.startsWith('audio/')) throw new AppError(415, 'unsupported_media_type', said('Kirim rekaman dengan jenis isi audio/* (audio/mpeg, audio/ogg, audio/wav…).', 'Send the recording with an audio/* content type (audio/mpeg, audio/ogg, audio/wav…).'));
  if (request.contentLength !== undefined && Number(request.contentLength) > limit) throw tooLarge(limit);
  assertStarted(await usableDialogue(db, dialogueId));
  if (!request.body) throw new AppError(415, 'unsupported_media_type', said('Kiriman ini kosong: tidak ada rekaman di dalamnya.', 'The body is empty: there is no recording in it.'), { reason: 'empty' });

  const id = randomUUID();
  const dir = resolveMediaPath(config.mediaDir, `${MEDIA_FOLDERS.uploads}/${dialogueId}`);
  const finalPath = `${dir}/${id}.${EXTENSIONS[type] ?? 'audio'}`;
  await mkdir(dir, { recursive: true });
  const temp = tempPathFor(dir, `${id}.upload`);
  const sink = createWriteStream(temp);
  try {
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > limit ? tooLarge(limit) : null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), counter, sink);
    let info;
    try {
      info = await probe(temp);
    } catch (err) {
      if (!(err instanceof AudioError) || err.code === 'ffmpeg_unavailable' || err.code === 'ffmpeg_failed') throw err;
      throw new AppError(415, 'unsupported_media_type', said('Berkas ini bukan rekaman yang dapat dipakai (ffmpeg tidak dapat membacanya sebagai audio).', `This is not a recording that can be used: ${err.message.replace(temp, 'the upload')}.`), { reason: err.code });
    }
    // Checked again: the dialogue may have been cancelled, moved or deleted while the body arrived.
    assertStarted(await usableDialogue(db, dialogueId));
    await commitTempFile(temp, finalPath);
    const upload = {
      id,
      dialogue_id: dialogueId,
      path: toMediaPath(config.mediaDir, finalPath),
      content_type: type,
      bytes,
      duration_ms: info.durationMs,
      actor: actorLabel(actor),
      created_at: nowIso(),
    };
    try {
      await repo.insertUpload(db, upload);
    } catch (err) {
      await removeQuietly([finalPath]);
      throw err;
    }
    const run = await jobs.captureNow(dialogueId, 'upload');
    return { upload: { id, bytes, durationMs: info.durationMs, codec: info.codec, contentType: type, createdAt: upload.created_at }, runId: run.runId };
  } finally {
    // A refused body can end the pipeline before the file has even been opened; the file
    // would then appear after its removal (10 in 2,000 refusals here): wait for it to close.
    // Not events.once(), which rejects when the stream closes on an error; destroyed first in
    // case the body failed before the pipeline began.
    if (!sink.closed) {
      sink.destroy();
      await new Promise<void>((resolve) => sink.once('close', () => resolve()));
    }
    await removeQuietly([temp]);
  }
}

export async function requestCapture(db: Db, jobs: Jobs, dialogueId: string) {
  await usableDialogue(db, dialogueId);
  return jobs.captureNow(dialogueId, 'manual');
}

/** The file behind a media URL, if this actor may hear it. */
export async function mediaFile(db: Db, config: Config, actor: Actor, dialogueId: string, file: AudioFile) {
  const dialogue = await findVisibleDialogue(db, actor, dialogueId);
  const audio = dialogue && (await repo.audioOfDialogue(db, dialogueId));
  if (!dialogue || !audio) throw new AppError(404, 'not_found', said('Audio ini tidak ada.', 'No such audio.'));
  const format = AUDIO_FORMATS[file];
  return {
    path: resolveMediaPath(config.mediaDir, audio[format.column]),
    /** The path under the storage root, as stored: what nginx's internal location is given. */
    mediaPath: audio[format.column],
    mimeType: format.mimeType,
    etag: `"${audio.render_id}.${file}"`,
    renderId: audio.render_id,
    published: dialogue.status === 'published',
  };
}
