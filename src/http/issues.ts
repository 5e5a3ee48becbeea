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
  'letters, digits, . _ -': 'huruf, angka, . _ -',
  'an ISO-8601 date-time such as 2021-09-08T09:00 (station time) or 2021-09-08T09:00:00+07:00':
    'tanggal dan jam ISO-8601 seperti 2021-09-08T09:00 (waktu stasiun) atau 2021-09-08T09:00:00+07:00',
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

export function issueMessage(issue: Issue, lang: ApiLang): string {
  const id = lang === 'id';
  switch (issue.code) {
    case 'invalid_type': {
      // zod drops the input from issues (it is not asked to report it), so "missing" is read
      // from its own wording, which names what it received.
      if (/received undefined$/.test(issue.message)) return id ? 'wajib diisi' : 'is required';
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
    case 'invalid_value':
      return id ? `harus salah satu dari: ${issue.values.map(String).join(', ')}` : `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return id ? `isian tidak dikenal: ${issue.keys.join(', ')}` : `unknown field(s): ${issue.keys.join(', ')}`;
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
export const issueFields = (issues: readonly Issue[], lang: ApiLang, fallbackPath: string) =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.') || fallbackPath, message: issueMessage(issue, lang) }));
