// The dialogue life cycle: draft → scheduled → aired → published, or cancelled.
// Published can go back to aired (unpublish); a cancelled dialogue can be reopened as a
// draft (and must then pass the conflict check again). An airing recorded by mistake
// (audio attached to the wrong dialogue, say) is undone by taking aired back to
// scheduled, with the reason kept in the history.
import type { DialogueStatus } from '../db/schema.ts';
import { AppError, type Localized, said } from '../errors.ts';

const next: Record<DialogueStatus, DialogueStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['draft', 'aired', 'cancelled'],
  aired: ['published', 'scheduled'],
  published: ['aired'],
  cancelled: ['draft'],
};

/** Each status as a sentence says it: "this dialogue is …". */
export const STATUS_WORDS: Record<DialogueStatus, Localized> = {
  draft: said('masih draf', 'a draft'),
  scheduled: said('terjadwal', 'scheduled'),
  aired: said('sudah disiarkan', 'aired'),
  published: said('diterbitkan', 'published'),
  cancelled: said('dibatalkan', 'cancelled'),
};

/** The statuses a dialogue in this one may move to (the console offers these as actions). */
export const allowedTransitions = (from: DialogueStatus): readonly DialogueStatus[] => next[from];

export function assertTransition(from: DialogueStatus, to: DialogueStatus): void {
  if (from !== to && !next[from].includes(to)) {
    throw new AppError(
      409,
      'invalid_transition',
      said(
        `Dialog yang ${STATUS_WORDS[from].id} tidak dapat menjadi ${STATUS_WORDS[to].id}.`,
        `This dialogue is ${STATUS_WORDS[from].en} and cannot become ${STATUS_WORDS[to].en}.`,
      ),
      { from, to, allowed: next[from] },
    );
  }
}

/**
 * Checks what a change of status needs beyond the transition itself: undoing an airing
 * says why, and nothing airs before its start.
 */
export function assertStatusChange(from: DialogueStatus, to: DialogueStatus, startsAt: string, note: string | undefined, now: string): void {
  if (from === 'aired' && to === 'scheduled' && !note) {
    throw new AppError(
      400,
      'invalid_request',
      said('Tulis alasan mengembalikan dialog yang sudah disiarkan ke terjadwal.', 'Say why this aired dialogue goes back to scheduled.'),
      { fields: [{ path: 'note', message: said('wajib diisi untuk membatalkan siaran', 'required to undo an airing') }] },
    );
  }
  if (from !== 'aired' && to === 'aired' && startsAt > now) {
    throw new AppError(
      409,
      'not_started',
      said('Dialog ini belum dimulai, jadi belum dapat ditandai sudah disiarkan.', 'This dialogue has not started, so it cannot be marked aired yet.'),
    );
  }
}

/**
 * Drafts and scheduled dialogues move freely. An aired one may have its time corrected (it went
 * out late, say): its audio is then cut again from the recordings. A published one is public
 * with its audio and transcript, so it is unpublished before it moves.
 */
export function assertReschedulable(status: DialogueStatus): void {
  if (status !== 'draft' && status !== 'scheduled' && status !== 'aired') {
    throw new AppError(
      409,
      'not_reschedulable',
      said(`Dialog yang ${STATUS_WORDS[status].id} tidak dapat dipindah; batalkan terbitnya dulu.`, `This dialogue is ${STATUS_WORDS[status].en} and cannot be moved; unpublish it first.`),
    );
  }
}
