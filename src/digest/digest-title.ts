import { messagesFor } from '../i18n/index.ts';

/** `30 March 2026` for `date` as seen in `timeZone`, in the language's own form (`30 mars 2026`). */
export function formatDigestDate(date: Date, timeZone: string, language = 'en'): string {
  return messagesFor(language).date(date, timeZone);
}

/** `AI Research Digest — 30 March 2026`. */
export function digestTitle(name: string, date: Date, timeZone: string, language = 'en'): string {
  const m = messagesFor(language);
  return m.title(name, m.date(date, timeZone));
}

/** `30 March 2026 · 9 min read · AI Research · Digest`. */
export function metaLine(date: Date, timeZone: string, readMinutes: number, topic?: string, language = 'en'): string {
  const m = messagesFor(language);
  return m.metaLine(m.date(date, timeZone), readMinutes, topic);
}

/** The title's date part, for renderers that only have a Digest: the text after the last ` — `. */
export function dateOfTitle(title: string): string {
  const at = title.lastIndexOf(' — ');
  return at === -1 ? '' : title.slice(at + 3);
}

/** The meta line of a built digest, its date read back from the title, in the digest's language. */
export function metaLineOfDigest(digest: { title: string; createdAt: Date; readMinutes: number; language?: string | undefined }): string {
  const date = dateOfTitle(digest.title) || digest.createdAt.toISOString().slice(0, 10);
  return messagesFor(digest.language ?? 'en').metaLine(date, digest.readMinutes);
}
