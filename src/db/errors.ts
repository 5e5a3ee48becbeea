// Recognises the database's constraint failures, so services can answer 409 instead of 500:
// SQLite's codes (better-sqlite3) and PostgreSQL's SQLSTATEs (pg).
const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
