// The dialogue history as people read it. The table keeps machine values ("scheduled",
// "2026-12-02T02:00:00.000Z/…", "user:…", "speaker-id:host"); here they become words in
// the reader's language, times in the station's zone, names instead of ids.
import type { Page } from '../layout.tsx';
import type { HistoryEntry } from './console.tsx';

export type ReadableHistoryEntry = { at: string; actor: string; action: string; change: string; note: string | null };

export function readableHistory(p: Page, entries: HistoryEntry[], zone: string, names: Map<string, string>): ReadableHistoryEntry[] {
  const { t, f } = p;
  const span = (value: string) => {
    const [from, to] = value.split('/');
    return from && to ? f.span(from, to, zone) : value;
  };
  const status = (value: string) => t.status[value] ?? value;
  const people = (value: string) =>
    value
      .split(',')
      .filter(Boolean)
      .map((item) => {
        const [id, role] = item.split(':');
        return `${names.get(`speaker:${id}`) ?? t.someone} (${(role && t.role[role]) ?? role})`;
      })
      .join(', ') || t.nobody;
  const value = (action: string, v: string | null): string => {
    if (v === null) return '';
    switch (action) {
      case 'created': {
        const [first, rest] = [v.slice(0, v.indexOf(' ')), v.slice(v.indexOf(' ') + 1)];
        return `${status(first)}, ${span(rest)}`;
      }
      case 'status':
        return status(v);
      case 'rescheduled':
        return span(v);
      case 'participants':
        return people(v);
      case 'response':
        return t.response[v] ?? v;
      // Their value is the instant of the announcement, which the entry's own time already says.
      case 'announced':
      case 'announcement withdrawn':
        return '';
      case 'edited':
        return v
          .split(',')
          .map((field) => t.fieldLabels[field === 'programme' ? 'programId' : field] ?? t.historyFields[field] ?? field)
          .join(', ');
      default:
        return v;
    }
  };
  return entries.map((h) => {
    const from = value(h.action, h.from);
    const to = value(h.action, h.to);
    return {
      at: h.at,
      actor: names.get(h.actor) ?? (h.actor.startsWith('system:') ? (t.systemActors[h.actor] ?? t.systemActors.system!) : t.someone),
      action: t.historyActions[h.action] ?? h.action,
      change: from && to ? `${from} → ${to}` : from || to,
      note: h.note === null ? null : (t.historyNotes[h.note] ?? h.note),
    };
  });
}
