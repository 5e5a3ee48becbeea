// Instants as people say them, in a station's zone: "Rabu, 2 Desember 2026 pukul 09.00 WIB".
// API messages and pages both use these, so nobody reads "2026-12-02T02:00:00.000Z".
export type SpokenLang = 'id' | 'en';

// Intl names these zones by offset ("GMT+9") in English; Indonesians know them as WIB, WITA, WIT.
const zoneNames: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export const intlLocale = (lang: SpokenLang) => (lang === 'id' ? 'id-ID' : 'en-GB');

export function zoneName(zone: string, at: Date, lang: SpokenLang): string {
  const known = zoneNames[zone];
  if (known) return known;
  const parts = new Intl.DateTimeFormat(intlLocale(lang), { timeZone: zone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

export function spokenInstant(iso: string, zone: string, lang: SpokenLang): string {
  const at = new Date(iso);
  const locale = intlLocale(lang);
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${date} ${lang === 'id' ? 'pukul' : 'at'} ${time} ${zoneName(zone, at, lang)}`;
}

/** A position in a recording as a clock, "12:34" or "1:02:03". */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
