// Whisper's initial prompt: the schedule's spellings, most specific first, bounded.
import { describe, expect, it } from 'vitest';
import { PROMPT_MAX_CHARS, buildPrompt } from '../../src/transcription/prompt.ts';

const kim = {
  title: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
  people: [
    { name: 'Suliwati', organisation: 'DiskominfoSantik' },
    { name: 'Elyanie', organisation: 'KIM Kalteng' },
  ],
  topics: ['Diseminasi informasi', 'KIM'],
  station: 'Radio Kalteng',
  glossary: [
    { term: 'DiskominfoSantik', expansion: 'Dinas Komunikasi, Informatika, Persandian dan Statistik', stationSpecific: true },
    { term: 'KIM', expansion: 'Kelompok Informasi Masyarakat', stationSpecific: false },
    { term: 'Kalteng', expansion: null, stationSpecific: true },
  ],
};

describe('the initial prompt', () => {
  it('carries the people, title, organisations, glossary, topics and station, spelt as scheduled', () => {
    const prompt = buildPrompt(kim);
    expect(prompt).toBe(
      'Suliwati, Elyanie. Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi. DiskominfoSantik, KIM Kalteng. ' +
        'DiskominfoSantik (Dinas Komunikasi, Informatika, Persandian dan Statistik), Kalteng. Diseminasi informasi, KIM. ' +
        'Radio Kalteng. KIM (Kelompok Informasi Masyarakat).',
    );
  });

  it('leaves out whole items, least specific first, to stay within its bound', () => {
    const prompt = buildPrompt(kim, 90);
    expect(prompt.length).toBeLessThanOrEqual(90);
    expect(prompt).toBe('Suliwati, Elyanie. Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi. KIM Kalteng.');
  });

  it('stays within Whisper’s prompt size however long the glossary is', () => {
    const glossary = Array.from({ length: 200 }, (_, i) => ({ term: `Istilah${i}`, expansion: 'penjelasan panjang sekali', stationSpecific: i % 2 === 0 }));
    const prompt = buildPrompt({ ...kim, glossary });
    expect(prompt.length).toBeLessThanOrEqual(PROMPT_MAX_CHARS);
    expect(prompt.startsWith('Suliwati, Elyanie.')).toBe(true);
  });

  it('names the same thing once and writes nothing for a dialogue without details', () => {
    expect(buildPrompt({ title: 'KIM', people: [{ name: 'kim', organisation: null }], topics: [], station: 'KIM', glossary: [] })).toBe('kim.');
    expect(buildPrompt({ title: ' ', people: [], topics: [], station: '', glossary: [] })).toBe('');
  });
});
