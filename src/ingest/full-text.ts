import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeFeed } from './decode-feed.ts';
import type { HostPoliteness } from './host-politeness.ts';
import type { SafeFetcher } from './safe-fetch.ts';
import { collapseText, parseFragment, sanitiseElement, textOfElement } from './sanitise-html.ts';

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** The main text of an article page, sanitised; null when readability finds no article. */
export function extractMainText(pageHtml: string, pageUrl: string): { html: string; text: string } | null {
  const { document } = parseHTML(pageHtml) as unknown as { document: unknown };
  let article: { content?: string | null; textContent?: string | null } | null;
  try {
    article = new Readability(document as never, { charThreshold: 200 }).parse();
  } catch {
    return null;
  }
  if (!article?.content) return null;
  const body = parseFragment(article.content);
  sanitiseElement(body, pageUrl);
  const text = textOfElement(body) || collapseText(article.textContent ?? '');
  return text === '' ? null : { html: body.innerHTML.trim(), text };
}

/** Fetches an article page under the same safety and politeness rules as feeds and extracts its main text. */
export async function fetchFullText(
  url: string, deps: { fetcher: SafeFetcher; politeness: HostPoliteness },
): Promise<{ html: string; text: string } | null> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return null;
  }
  const result = await deps.politeness.run(host, () => deps.fetcher.fetch(url, { accept: PAGE_ACCEPT }));
  if (result.notModified) return null;
  const contentType = result.contentType ?? '';
  if (contentType && !/html|xml/i.test(contentType)) return null;
  return extractMainText(decodeFeed(result.body, result.contentType), result.finalUrl);
}
