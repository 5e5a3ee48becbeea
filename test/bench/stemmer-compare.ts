// Issue 16: the dictionary-checked analysis against Snowball alone, on two word lists.
//
//   npx tsx test/bench/stemmer-compare.ts [snowball vocabulary folder]
//
// 1. The Snowball vocabulary (voc.txt, 64,586 words, and Snowball's stems in output.txt;
//    by default ../shared/conformance/snowball-indonesian beside the repository): how
//    often the two agree, and a sample of the words where they differ.
// 2. DERIVED_FORMS below: affixed forms built from known roots (prefixes, suffixes,
//    confixes, particles and possessives, with the nasal changes meN-/peN- make), each
//    with the root a reader would name. Counts how many forms each stemmer brings back
//    to that root, and lists the misses.
// Prints figures only; it is not a test (the stems it reports are judgements to read).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, fold } from '../../src/search/indonesian.ts';
import { stem } from '../../src/search/stemmer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocDir = path.resolve(process.argv[2] ?? path.join(here, '../../../shared/conformance/snowball-indonesian'));

/** Root → derived forms an Indonesian reader recognises as that root. */
const DERIVED_FORMS: Record<string, string[]> = {
  buka: ['membuka', 'dibuka', 'terbuka', 'keterbukaan', 'pembukaan', 'bukakan', 'membukakan'],
  ekonomi: ['perekonomian', 'ekonominya'],
  sebar: ['menyebar', 'disebar', 'penyebaran', 'tersebar', 'menyebarkan', 'persebaran'],
  sebarluas: ['menyebarluaskan', 'disebarluaskan', 'penyebarluasan'],
  berita: ['pemberitaan', 'diberitakan', 'memberitakan', 'beritanya'],
  informasi: ['informasinya', 'menginformasikan', 'diinformasikan'],
  didik: ['pendidikan', 'mendidik', 'dididik', 'pendidik', 'terdidik'],
  perintah: ['pemerintah', 'pemerintahan', 'memerintahkan', 'diperintahkan'],
  layan: ['pelayanan', 'melayani', 'dilayani', 'layanan'],
  bijak: ['kebijakan', 'bijaksana'],
  tanggulang: ['penanggulangan', 'menanggulangi', 'ditanggulangi'],
  konsumsi: ['mengonsumsi', 'dikonsumsi', 'konsumsinya'],
  kerja: ['bekerja', 'pekerja', 'pekerjaan', 'dikerjakan', 'mengerjakan', 'kerjanya'],
  ajar: ['belajar', 'pelajar', 'pelajaran', 'mengajar', 'pengajar', 'diajarkan', 'pembelajaran'],
  pakai: ['memakai', 'dipakai', 'pemakaian', 'pakaian'],
  tanggungjawab: ['bertanggungjawab', 'mempertanggungjawabkan', 'pertanggungjawaban'],
  beritahu: ['memberitahu', 'diberitahukan', 'pemberitahuan'],
  hoaks: ['hoax', 'hoaksnya'],
  praktik: ['praktek', 'mempraktikkan', 'dipraktekkan'],
  analisis: ['analisa', 'menganalisis', 'dianalisis', 'dianalisa'],
  vaksin: ['vaksinasi', 'divaksin', 'memvaksin'],
  kembang: ['perkembangan', 'berkembang', 'mengembangkan', 'pengembangan', 'dikembangkan'],
  guna: ['pengguna', 'penggunaan', 'menggunakan', 'digunakan', 'kegunaan', 'berguna'],
  tingkat: ['meningkat', 'meningkatkan', 'peningkatan', 'ditingkatkan', 'tingkatan'],
  sehat: ['kesehatan', 'menyehatkan', 'penyehatan'],
  warga: ['kewargaan', 'warganya'],
  masyarakat: ['kemasyarakatan', 'bermasyarakat', 'masyarakatnya'],
  usaha: ['berusaha', 'pengusaha', 'perusahaan', 'diusahakan', 'mengusahakan'],
  bantu: ['membantu', 'bantuan', 'dibantu', 'pembantu', 'bantuannya'],
  dengar: ['mendengar', 'pendengar', 'didengar', 'pendengaran', 'mendengarkan', 'kedengaran'],
  siar: ['penyiar', 'siaran', 'menyiarkan', 'disiarkan', 'penyiaran'],
  tanya: ['bertanya', 'pertanyaan', 'menanyakan', 'ditanyakan', 'tanyakan'],
  jawab: ['menjawab', 'jawaban', 'dijawab', 'jawabannya'],
  laksana: ['pelaksanaan', 'melaksanakan', 'dilaksanakan', 'pelaksana', 'terlaksana'],
  lindung: ['perlindungan', 'melindungi', 'dilindungi', 'pelindung', 'terlindung'],
  dampak: ['berdampak', 'dampaknya'],
  tahu: ['mengetahui', 'diketahui', 'pengetahuan', 'ketahuan', 'tahunya'],
  baca: ['membaca', 'dibaca', 'pembaca', 'bacaan', 'terbaca'],
  tulis: ['menulis', 'tulisan', 'ditulis', 'penulis', 'tertulis', 'penulisan'],
  ambil: ['mengambil', 'diambil', 'pengambilan', 'terambil'],
};

const termOf = (word: string) => analyze(fold(word)) ?? '';
const log = (line: string) => process.stdout.write(`${line}\n`);

if (fs.existsSync(path.join(vocDir, 'voc.txt'))) {
  const words = fs.readFileSync(path.join(vocDir, 'voc.txt'), 'utf8').split('\n').filter((w) => w !== '');
  const started = performance.now();
  const differing = words.map((w) => ({ word: w, snowball: stem(w), ours: termOf(w) })).filter((r) => r.snowball !== r.ours);
  const ms = performance.now() - started;
  log(`Snowball vocabulary: ${words.length} words, ${words.length - differing.length} agree (${((1 - differing.length / words.length) * 100).toFixed(1)} %), ${differing.length} differ (analysed in ${(ms / 1000).toFixed(1)} s)`);
  const step = Math.max(1, Math.floor(differing.length / 60));
  log('  a sample of the differences (word: snowball → dictionary-checked):');
  for (let i = 0; i < differing.length; i += step) {
    const d = differing[i] as (typeof differing)[number];
    log(`    ${d.word}: ${d.snowball} → ${d.ours}`);
  }
} else {
  log(`(no Snowball vocabulary in ${vocDir}: pass its folder as the first argument)`);
}

let total = 0;
let snowballHits = 0;
let oursHits = 0;
const misses: string[] = [];
for (const [root, forms] of Object.entries(DERIVED_FORMS)) {
  for (const form of [root, ...forms]) {
    total++;
    const s = stem(form);
    const o = termOf(form);
    if (s === root) snowballHits++;
    if (o === root) oursHits++;
    if (s !== root || o !== root) misses.push(`    ${form} (${root}): snowball ${s === root ? '✓' : s}, dictionary-checked ${o === root ? '✓' : o}`);
  }
}
log(`Derived forms: ${total} words of ${Object.keys(DERIVED_FORMS).length} roots; back to their root: Snowball ${snowballHits} (${((snowballHits / total) * 100).toFixed(1)} %), dictionary-checked ${oursHits} (${((oursHits / total) * 100).toFixed(1)} %)`);
log('  where either misses:');
for (const m of misses) log(m);
