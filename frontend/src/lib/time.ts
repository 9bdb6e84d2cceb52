/** Times the way a feed says them: "just now", "5 min ago", "3 h ago", "2 d ago", then a date. */
export function formatRelative(iso: string, now: Date = new Date(), locale?: string): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 24) return rtf.format(-hours, "hour");
  const days = Math.round(hours / 24);
  if (days < 7) return rtf.format(-days, "day");
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(then);
}

const shortDay = new Map<string, Intl.DateTimeFormat>();

/** "2026-06-01" → "Jun 1" (a UTC day, as the API counts them). */
export function formatDay(day: string, locale?: string): string {
  const key = locale ?? "";
  let format = shortDay.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
    shortDay.set(key, format);
  }
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : format.format(date);
}
