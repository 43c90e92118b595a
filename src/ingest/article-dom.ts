import type { Readability } from '@mozilla/readability';
import type { parseHTML } from 'linkedom';

/** What reading an article page needs beyond the streaming reducer: a DOM, and readability over it. */
export interface ArticleDom {
  parseHTML: typeof parseHTML;
  Readability: typeof Readability;
}

let loading: Promise<ArticleDom> | undefined;

/**
 * Loads linkedom and readability when the first article page is read, once. They are 130 modules and about 25 MB
 * of a process's memory, which a run whose feeds carry their full content, a 304 poll, or a command that never
 * reads a page does not need.
 */
export function loadArticleDom(): Promise<ArticleDom> {
  loading ??= Promise.all([import('linkedom'), import('@mozilla/readability')]).then(([linkedom, readability]) => ({
    parseHTML: linkedom.parseHTML,
    Readability: readability.Readability,
  }));
  return loading;
}
