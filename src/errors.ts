// The one error type services throw and the one JSON shape clients see (API.md "Errors").
// Messages are read by people, so an error carries its sentence in Indonesian and English
// (`said(id, en)`); the answer picks one by the request's language (src/http/language.ts).
// An error made with an English string only is answered in Indonesian with the sentence
// its code has in CODE_MESSAGES, so no code reaches an Indonesian reader in English.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
export type ApiLang = 'id' | 'en';
export type Localized = { id: string; en: string };

export const said = (id: string, en: string): Localized => ({ id, en });

/** Indonesian for codes whose errors are still made with an English sentence only. */
const CODE_MESSAGES: Record<string, string> = {
  not_found: 'Data yang diminta tidak ditemukan.',
  invalid_request: 'Permintaan ini tidak sah; periksa isian yang disebut dalam rincian.',
  unsupported_media_type: 'Jenis isi kiriman ini tidak diterima.',
  forbidden: 'Anda tidak diizinkan melakukan ini.',
  unauthenticated: 'Masuk dulu, atau kirim token bearer.',
  payload_too_large: 'Kiriman ini terlalu besar.',
  already_exists: 'Data dengan pengenal ini sudah ada.',
  exists: 'Data dengan pengenal ini sudah ada.',
  in_use: 'Data ini masih dipakai, jadi tidak dapat dihapus.',
  internal_error: 'Terjadi kesalahan di pihak kami.',
  http_error: 'Permintaan ini tidak dapat diproses.',
  transcript_untimed: 'Transkrip ini tidak punya penanda waktu, jadi hanya dapat diunduh sebagai teks (txt).',
  stale_segment: 'Baris ini sudah berubah sejak Anda membukanya; muat ulang lalu coba lagi.',
  stale_correction: 'Baris ini sudah berubah sejak koreksi diusulkan; tolak koreksi ini atau minta narasumber mengusulkannya lagi.',
  already_reviewed: 'Koreksi ini sudah ditinjau.',
  not_answerable: 'Jawaban hanya diterima sebelum dialog disiarkan.',
  dialogue_cancelled: 'Dialog ini dibatalkan; buka kembali dulu.',
  invalid_transcript: 'Berkas transkrip ini tidak dapat dibaca.',
  invalid_token: 'Token ini tidak dikenal, sudah kedaluwarsa, atau sudah dicabut.',
  link_revoked: 'Tautan ini tidak dikenal atau sudah dicabut.',
  unknown_segment: 'Baris transkrip ini tidak ada di versi tersebut.',
  not_a_participant: 'Orang ini bukan peserta dialog ini.',
  no_match: 'Kata yang dicari tidak ditemukan di transkrip.',
  no_change: 'Tidak ada yang berubah.',
  version_changed: 'Transkrip sudah berubah sejak Anda membukanya; muat ulang lalu ulangi perubahan Anda.',
  link_unreadable: 'Tautan lama narasumber ini tidak dapat ditampilkan lagi (dibuat sebelum tautan disimpan); buat tautan baru.',
  not_resendable: 'Pesan ini tidak dapat dikirim ulang.',
  not_cancellable: 'Pesan ini tidak dapat dibatalkan lagi.',
  not_deletable: 'Data ini tidak dapat dihapus.',
  not_announceable: 'Hanya dialog yang terjadwal yang dapat diumumkan.',
  account_disabled: 'Akun ini dinonaktifkan.',
  invalid_credentials: 'Email atau kata sandi salah.',
  stopping: 'Server sedang berhenti; coba lagi sebentar lagi.',
};

export class AppError extends Error {
  readonly localized: Localized | null;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string | Localized,
    readonly details?: Record<string, unknown>,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'AppError';
    this.localized = typeof message === 'string' ? null : message;
  }

  /** The sentence in this language (English stays the `message`, for logs). */
  messageIn(lang: ApiLang): string {
    if (this.localized) return this.localized[lang];
    return lang === 'en' ? this.message : (CODE_MESSAGES[this.code] ?? 'Permintaan ini tidak dapat diproses.');
  }

  /** Details with any field message given in both languages put in this one. */
  detailsIn(lang: ApiLang): Record<string, unknown> | undefined {
    const fields = this.details?.fields;
    if (!Array.isArray(fields)) return this.details;
    const pick = (m: unknown) => (m && typeof m === 'object' && 'id' in m && 'en' in m ? (m as Localized)[lang] : m);
    return { ...this.details, fields: fields.map((f) => (f && typeof f === 'object' && 'message' in f ? { ...f, message: pick(f.message) } : f)) };
  }

  toBody(lang: ApiLang = 'en'): ErrorBody {
    const details = this.detailsIn(lang);
    return { error: { code: this.code, message: this.messageIn(lang), ...(details ? { details } : {}) } };
  }
}

export const notFound = (what: Localized, id?: string) =>
  new AppError(
    404,
    'not_found',
    id ? said(`Tidak ada ${what.id} dengan id ${id}.`, `No ${what.en} with id ${id}.`) : said(`Tidak ada ${what.id} seperti itu.`, `No such ${what.en}.`),
  );

/** The names notFound() and field errors use for what was not found. */
export const THINGS = {
  dialogue: said('dialog', 'dialogue'),
  station: said('stasiun', 'station'),
  programme: said('program', 'programme'),
  speaker: said('narasumber', 'speaker'),
  person: said('orang', 'person'),
  topic: said('topik', 'topic'),
  user: said('akun', 'account'),
  correction: said('koreksi', 'correction'),
  segment: said('baris transkrip', 'transcript line'),
  run: said('proses', 'run'),
  message: said('pesan', 'message'),
} as const;

export const invalid = (message: string | Localized, details?: Record<string, unknown>) => new AppError(400, 'invalid_request', message, details);
