import { describe, expect, it } from 'vitest';
import { matchSpeaker } from '../../src/transcripts/speaker-mapping.ts';

const people = [
  { id: 'suli', name: 'Suliwati' },
  { id: 'ely', name: 'Elyanie' },
  { id: 'rahmat', name: 'Rahmat Hidayat' },
  { id: 'rahmi', name: 'Rahmi Putri' },
  { id: 'dewi1', name: 'Dewi Lestari' },
  { id: 'dewi2', name: 'Dewi Anggraini' },
];
const match = (label: string) => matchSpeaker(label, people)?.id ?? null;

describe('matching speaker labels to participants', () => {
  it('ignores case, accents and punctuation', () => {
    expect(match('SULIWATI')).toBe('suli');
    expect(match('Élyanie')).toBe('ely');
    expect(match('rahmat  hidayat.')).toBe('rahmat');
  });

  it('ignores leading honorifics', () => {
    expect(match('Ibu Suliwati')).toBe('suli');
    expect(match('Bu Elyanie')).toBe('ely');
    expect(match('Bapak Rahmat Hidayat')).toBe('rahmat');
    expect(match('Dr. Rahmi Putri')).toBe('rahmi');
  });

  it('takes the first words of a name when they fit exactly one participant', () => {
    expect(match('Rahmat')).toBe('rahmat');
    expect(match('Dewi')).toBeNull();
    expect(match('Dewi Lestari')).toBe('dewi1');
  });

  it('leaves anyone else unmatched', () => {
    expect(match('Penelepon')).toBeNull();
    expect(match('Rahma')).toBeNull();
    expect(match('Ibu')).toBeNull();
    expect(match('')).toBeNull();
  });
});
