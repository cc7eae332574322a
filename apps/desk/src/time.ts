/** The newsroom's time zone (NEWSROOM_TIME_ZONE, written into the page by the api). */
export const NEWSROOM_TZ = (typeof document === 'undefined' ? null : document.querySelector('meta[name="newsroom-time-zone"]')?.getAttribute('content')) || 'UTC';

const parts = (d: Date, tz: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(d)) o[p.type] = p.value;
  return o;
};

/** `2026-12-01T15:30` in the zone: the value of a datetime-local input. */
export function toZonedInput(iso: string | null | undefined, tz = NEWSROOM_TZ): string {
  if (!iso) return '';
  const p = parts(new Date(iso), tz);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A datetime-local value read in the zone, as an ISO instant (DST-safe: corrects the offset twice). */
export function fromZonedInput(value: string, tz = NEWSROOM_TZ): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  let t = wall;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(t), tz);
    const shown = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, new Date(t).getUTCSeconds());
    t += wall - shown;
  }
  return new Date(t).toISOString();
}

/** "1 Dec 2026, 16:30 Europe/Berlin (15:30 UTC)". */
export function formatWithUtc(iso: string | null | undefined, tz = NEWSROOM_TZ): string {
  if (!iso) return '';
  const d = new Date(iso);
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(d);
  if (tz === 'UTC') return `${local} UTC`;
  const utc = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', timeStyle: 'short' }).format(d);
  return `${local} ${tz} (${utc} UTC)`;
}

export const formatShort = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat('en-GB', { timeZone: NEWSROOM_TZ, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
