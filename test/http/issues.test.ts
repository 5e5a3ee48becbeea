// Validation messages people read: a wrong value is not reported as a missing one.
import { z } from 'zod';
import { expect, it } from 'vitest';
import { issueFields } from '../../src/http/issues.ts';

it('says a field of the wrong type must be a number, and a missing one is required, in both languages', () => {
  const schema = z.object({ prerollSeconds: z.number(), name: z.string() });
  const wrong = schema.safeParse({ prerollSeconds: 'satu menit' });
  expect(wrong.success).toBe(false);
  expect(issueFields(wrong.error!.issues, 'id', 'form')).toEqual([
    { path: 'prerollSeconds', message: 'harus berupa angka' },
    { path: 'name', message: 'wajib diisi' },
  ]);
  expect(issueFields(wrong.error!.issues, 'en', 'form')).toEqual([
    { path: 'prerollSeconds', message: 'must be a number' },
    { path: 'name', message: 'is required' },
  ]);
});
