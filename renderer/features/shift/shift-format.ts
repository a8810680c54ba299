/** How the shift view writes times, durations and rates. */

export function clockTime(at: number, withDate = false): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return withDate ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

/** `1:05` (m:ss) or `1:02:05`; null shows as the dash. */
export function duration(ms: number | null, none: string): string {
  if (ms === null) return none;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function percent(rate: number | null, none: string): string {
  return rate === null ? none : `${Math.round(rate * 1000) / 10}%`;
}

/** The local day of an instant, as the day picker writes it (2026-12-06). */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
