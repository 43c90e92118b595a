import { messagesFor } from '../i18n/index.ts';

/** Distinct names in order of first appearance (case and surrounding space matter only for display). */
export function distinctInOrder(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** The edition's header line: `4 pieces selected from A, B — only the ones worth your time.`, in the channel's language. */
export function headerLine(sourceNames: string[], pieceCount: number, language = 'en'): string {
  return messagesFor(language).headerLine(pieceCount, distinctInOrder(sourceNames));
}
