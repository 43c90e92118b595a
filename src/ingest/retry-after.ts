/** Parses a Retry-After header (delay in seconds or an HTTP date) into an instant; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): Date | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : new Date(at);
}
