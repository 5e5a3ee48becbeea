// What the format tests share: the demo dialogue as cues, and a way to look at the
// error a malformed file raises.
import { TranscriptFormatError, type TranscriptCue } from '../../../src/transcripts/formats/model.ts';

/** Lines from the demo dialogue "Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi". */
export const dialogue: TranscriptCue[] = [
  {
    id: null,
    startMs: 0,
    endMs: 4_500,
    speaker: 'Penyiar',
    text: 'Selamat pagi, pendengar RRI Palangka Raya. Hari ini kita membahas peran KIM daerah.',
  },
  {
    id: null,
    startMs: 4_500,
    endMs: 21_333,
    speaker: 'Suliwati',
    text:
      'Terima kasih. Kelompok Informasi Masyarakat adalah mitra kerja pemerintah dalam ' +
      'diseminasi informasi sampai ke desa-desa, termasuk informasi tentang covid-19 & vaksinasi.',
  },
  { id: null, startMs: 21_333, endMs: 25_001, speaker: 'Suliwati', text: 'Jadi <KIM> bukan hanya papan nama.' },
  {
    id: null,
    startMs: 754_100,
    endMs: 761_500,
    speaker: 'Elyanie',
    text: 'Upaya penyebarluasan informasi juga berarti melawan hoaks bersama-sama.',
  },
  { id: null, startMs: 3_599_999, endMs: 3_600_000, speaker: 'Penyiar', text: 'Sampai jumpa pukul 10:30 besok.' },
];

export function formatErrorOf(read: () => unknown): TranscriptFormatError {
  try {
    read();
  } catch (error) {
    if (error instanceof TranscriptFormatError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptFormatError, but the file was accepted');
}
