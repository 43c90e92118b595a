import { DigestError } from '../errors.ts';

/** `30 March 2026` for `date` as seen in `timeZone`; en-GB order whatever the machine locale. */
export function formatDigestDate(date: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).formatToParts(date);
  } catch (cause) {
    throw new DigestError(`unknown timezone "${timeZone}"`, { hint: 'Use an IANA timezone name such as "Europe/London" or "UTC".', cause });
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // Assembled from parts so a runtime with different en-GB punctuation still gives "30 March 2026".
  return `${part('day')} ${part('month')} ${part('year')}`;
}

/** `AI Research Digest — 30 March 2026`. */
export function digestTitle(name: string, date: Date, timeZone: string): string {
  return `${name} — ${formatDigestDate(date, timeZone)}`;
}

/** `30 March 2026 · 9 min read · AI Research · Digest`. */
export function metaLine(date: Date, timeZone: string, readMinutes: number, topic = 'AI Research'): string {
  return `${formatDigestDate(date, timeZone)} · ${readMinutes} min read · ${topic} · Digest`;
}

/** The title's date part, for renderers that only have a Digest: the text after the last ` — `. */
export function dateOfTitle(title: string): string {
  const at = title.lastIndexOf(' — ');
  return at === -1 ? '' : title.slice(at + 3);
}
