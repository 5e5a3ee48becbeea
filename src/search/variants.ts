/**
 * Spellings and compounds that an Indonesian reader joins without thinking, as data for
 * the analysis (indonesian.ts) and for query expansion (expansion.ts). Dialect-free: the
 * SQLite and PostgreSQL indexes both receive terms already joined.
 *
 * SPELLINGS: non-standard (tidak baku) spellings and older loanword spellings, each to
 * its standard (baku) form as KBBI and the Pedoman Umum Ejaan Bahasa Indonesia give it.
 * Applied to a word before stemming and to the root after, so that "dianalisa" and
 * "menganalisis" meet at "analisis". Collected from the words such dialogues use and
 * the usual lists of frequently misspelled words; add a pair when both spellings occur
 * in transcripts and the non-standard one is no other word (never "rubah": a fox).
 *
 * COMPOUNDS: compound roots (gabungan kata) written as one word once they take a
 * confix ("menyebarluaskan", "pertanggungjawaban"). They are added to the root-word list
 * so the stemmer recognises their affixed forms, and a search for either part finds
 * them: "sebar" and "luas" both find "disebarluaskan" (expansion.ts).
 */

export const SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['hoax', 'hoaks'], ['hoaxs', 'hoaks'],
  ['praktek', 'praktik'], ['praktekkan', 'praktikkan'],
  ['analisa', 'analisis'], ['diagnosa', 'diagnosis'], ['hipotesa', 'hipotesis'],
  ['aktifitas', 'aktivitas'], ['kreatifitas', 'kreativitas'], ['efektifitas', 'efektivitas'],
  ['produktifitas', 'produktivitas'], ['sensitifitas', 'sensitivitas'], ['obyektif', 'objektif'],
  ['obyek', 'objek'], ['subyek', 'subjek'], ['subyektif', 'subjektif'],
  ['sistim', 'sistem'], ['resiko', 'risiko'], ['nasehat', 'nasihat'], ['apotik', 'apotek'],
  ['ijin', 'izin'], ['jadual', 'jadwal'], ['kwalitas', 'kualitas'], ['kwantitas', 'kuantitas'],
  ['propinsi', 'provinsi'], ['tehnik', 'teknik'], ['tehnologi', 'teknologi'], ['tekhnologi', 'teknologi'],
  ['sekedar', 'sekadar'], ['merubah', 'mengubah'], ['hutang', 'utang'], ['himbau', 'imbau'],
  ['himbauan', 'imbauan'], ['karir', 'karier'], ['kadaluarsa', 'kedaluwarsa'], ['kadaluwarsa', 'kedaluwarsa'],
  ['silahkan', 'silakan'], ['ramadhan', 'ramadan'], ['sholat', 'salat'], ['shalat', 'salat'],
  ['nafas', 'napas'], ['jaman', 'zaman'], ['rejeki', 'rezeki'], ['ijasah', 'ijazah'], ['antri', 'antre'],
  ['trampil', 'terampil'], ['ketrampilan', 'keterampilan'], ['fikir', 'pikir'], ['faham', 'paham'],
  ['nomer', 'nomor'], ['standarisasi', 'standardisasi'], ['tauladan', 'teladan'], ['teoritis', 'teoretis'],
  ['milyar', 'miliar'], ['milyard', 'miliar'], ['trilyun', 'triliun'], ['ekstrim', 'ekstrem'],
  ['jenasah', 'jenazah'], ['lobang', 'lubang'], ['gubug', 'gubuk'],
  ['konkrit', 'konkret'], ['kongkrit', 'konkret'], ['mesjid', 'masjid'], ['mushola', 'musala'],
  ['musholla', 'musala'], ['adzan', 'azan'], ['wudhu', 'wudu'], ['rizki', 'rezeki'],
  ['cidera', 'cedera'], ['cendikiawan', 'cendekiawan'], ['frekwensi', 'frekuensi'], ['kwitansi', 'kuitansi'],
  ['elit', 'elite'], ['atlit', 'atlet'],
]);

/** Each compound as its two roots. */
export const COMPOUNDS: readonly (readonly [string, string])[] = [
  ['sebar', 'luas'], ['tanggung', 'jawab'], ['beri', 'tahu'], ['kerja', 'sama'], ['ikut', 'serta'],
  ['salah', 'guna'], ['daya', 'guna'], ['hasil', 'guna'], ['lipat', 'ganda'], ['tanda', 'tangan'],
  ['serah', 'terima'], ['alih', 'bahasa'], ['alih', 'fungsi'], ['ambil', 'alih'], ['campur', 'tangan'],
  ['jual', 'beli'], ['satu', 'padu'], ['sama', 'rata'], ['lalu', 'lintas'], ['anak', 'tiri'],
  ['garis', 'bawah'], ['jungkir', 'balik'], ['porak', 'poranda'], ['ikut', 'campur'], ['tindak', 'lanjut'],
];

/** The compound each joined form stands for: "sebarluas" → ["sebar", "luas"]. */
export const COMPOUND_PARTS: ReadonlyMap<string, readonly [string, string]> = new Map(COMPOUNDS.map((c) => [c.join(''), c]));

/** The compounds each root is a part of: "sebar" → ["sebarluas"]. */
export const COMPOUNDS_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const parts of COMPOUNDS) for (const part of parts) map.set(part, [...(map.get(part) ?? []), parts.join('')]);
  return map;
})();
