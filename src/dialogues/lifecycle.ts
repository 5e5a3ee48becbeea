// The dialogue life cycle: draft → scheduled → aired → published, or cancelled.
// Published can go back to aired (unpublish); a cancelled dialogue can be reopened as a
// draft (and must then pass the conflict check again).
import type { DialogueStatus } from '../db/schema.ts';
import { AppError } from '../errors.ts';

const next: Record<DialogueStatus, DialogueStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['draft', 'aired', 'cancelled'],
  aired: ['published'],
  published: ['aired'],
  cancelled: ['draft'],
};

/** The statuses a dialogue in this one may move to (the console offers these as actions). */
export const allowedTransitions = (from: DialogueStatus): readonly DialogueStatus[] => next[from];

export function assertTransition(from: DialogueStatus, to: DialogueStatus): void {
  if (from !== to && !next[from].includes(to)) {
    throw new AppError(409, 'invalid_transition', `A ${from} dialogue cannot become ${to}.`, {
      from,
      to,
      allowed: next[from],
    });
  }
}

/**
 * Drafts and scheduled dialogues move freely. An aired one may have its time corrected (it went
 * out late, say): its audio is then cut again from the recordings. A published one is public
 * with its audio and transcript, so it is unpublished before it moves.
 */
export function assertReschedulable(status: DialogueStatus): void {
  if (status !== 'draft' && status !== 'scheduled' && status !== 'aired') {
    throw new AppError(409, 'not_reschedulable', `A ${status} dialogue cannot be moved; unpublish it first.`);
  }
}
