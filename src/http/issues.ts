// zod's own messages are English ("expected number, received NaN") and written for
// programmers; people read ours instead. Each issue becomes a sentence in the reader's
// language from its code and parameters; the few custom checks we write say theirs in
// both languages through CUSTOM.
import type { z } from 'zod';
import type { ApiLang } from '../errors.ts';

type Issue = z.core.$ZodIssue;

/** Our own refine() messages, by their English text. */
const CUSTOM: Record<string, string> = {
  'each person at most once': 'setiap orang paling banyak sekali',
  'each topic at most once': 'setiap topik paling banyak sekali',
  'each lead time at most once': 'setiap jarak waktu paling banyak sekali',
  'each station at most once': 'setiap stasiun paling banyak sekali',
  'lower-case letters, digits and single hyphens': 'huruf kecil, angka, dan tanda hubung tunggal',
  'an IANA time zone such as Asia/Jakarta': 'zona waktu IANA seperti Asia/Jakarta',
  'digits, spaces, + ( ) -': 'angka, spasi, + ( ) -',
  'a run id': 'nomor proses',
  'must not be before startTime': 'tidak boleh sebelum startTime',
  'letters, digits, . _ -': 'huruf, angka, . _ -',
  'an ISO-8601 date-time such as "2021-09-08T09:00" (station time) or "2021-09-08T09:00:00+07:00"':
    'tanggal dan jam ISO-8601 seperti "2021-09-08T09:00" (waktu stasiun) atau "2021-09-08T09:00:00+07:00"',
};

const TYPE_ID: Record<string, string> = {
  number: 'angka', string: 'teks', boolean: 'ya/tidak', array: 'daftar', object: 'objek', int: 'bilangan bulat', date: 'tanggal',
};

function sizeWords(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, lang: ApiLang): string {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'string':
      if (small && bound === 1) return lang === 'id' ? 'wajib diisi' : 'is required';
      return lang === 'id' ? `${small ? 'paling sedikit' : 'paling banyak'} ${bound} karakter` : `${small ? 'at least' : 'at most'} ${bound} characters`;
    case 'array':
    case 'set':
      return lang === 'id' ? `${small ? 'paling sedikit' : 'paling banyak'} ${bound} butir` : `${small ? 'at least' : 'at most'} ${bound} items`;
    default:
      return lang === 'id' ? `${small ? 'paling kecil' : 'paling besar'} ${bound}` : `${small ? 'at least' : 'at most'} ${bound}`;
  }
}

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * The same checks said to someone filling in a form, where a date is picked from the
 * browser's own control rather than typed as ISO-8601.
 */
const FORM_WORDS: Record<string, { id: string; en: string }> = {
  'an ISO-8601 date-time such as "2021-09-08T09:00" (station time) or "2021-09-08T09:00:00+07:00"': {
    id: 'isi tanggal dan jam (waktu stasiun)',
    en: 'give a date and a time (station time)',
  },
};

export type Audience = 'api' | 'form';

export function issueMessage(issue: Issue, lang: ApiLang, audience: Audience = 'api'): string {
  const id = lang === 'id';
  const forForm = audience === 'form' && 'message' in issue ? FORM_WORDS[issue.message] : undefined;
  if (forForm) return forForm[lang];
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports what it received only when asked to; its own sentence says it otherwise
      // ("… received undefined" for a missing field, "… received NaN" for "abc" as a number).
      const missing = 'input' in issue ? issue.input === undefined : /received undefined$/.test(issue.message);
      if (missing) return id ? 'wajib diisi' : 'is required';
      const expected = String(issue.expected);
      const english = expected === 'int' ? 'whole number' : expected;
      return id ? `harus berupa ${TYPE_ID[expected] ?? expected}` : `must be ${/^[aeiou]/.test(english) ? 'an' : 'a'} ${english}`;
    }
    case 'too_small':
    case 'too_big':
      return sizeWords(issue, lang);
    case 'invalid_format':
      if (issue.format === 'email') return id ? 'bukan alamat email yang sah' : 'is not a valid email address';
      if (issue.format === 'url') return id ? 'bukan alamat web yang sah' : 'is not a valid web address';
      if (issue.format === 'regex' && issue.message && CUSTOM[issue.message]) return id ? CUSTOM[issue.message]! : issue.message;
      return id ? 'bentuknya tidak sah' : 'is not in a valid form';
    // Values and names to send are the API's own words, quoted as they must be written.
    case 'invalid_value':
      return id ? `harus salah satu dari: ${quoted(issue.values)}` : `must be one of: ${quoted(issue.values)}`;
    case 'unrecognized_keys':
      return id ? `isian tidak dikenal: ${quoted(issue.keys)}` : `unknown field(s): ${quoted(issue.keys)}`;
    case 'not_multiple_of':
      return id ? `harus kelipatan ${String(issue.divisor)}` : `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
      if (CUSTOM[issue.message]) return id ? CUSTOM[issue.message]! : issue.message;
      return id ? 'nilainya tidak sah' : issue.message;
    default:
      return id ? 'nilainya tidak sah' : 'is not valid';
  }
}

/** `[{path, message}]` for the error's details, in the reader's language. */
export const issueFields = (issues: readonly Issue[], lang: ApiLang, fallbackPath: string, audience: Audience = 'api') =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.') || fallbackPath, message: issueMessage(issue, lang, audience) }));
