import { createConcurrencyLimit } from '../async/concurrency-limit.ts';
import type { Piece } from '../domain/piece.ts';
import type { Logger } from '../log/logger.ts';
import { arxivPaper } from './arxiv.ts';
import { fetchFullText, type PageFetch, type PageFetchDeps, type PageOutcome } from './full-text.ts';
import { emptyFullTextReport, type ExcerptReason, type FullTextReport } from './full-text-report.ts';
import { contentFields } from './normalise-item.ts';

/** Outcomes that belong to the page, not to the budget of whoever asked: only these are reused within a run. */
const PAGE_REASONS = new Set<ExcerptReason>(['blocked', 'no-article', 'not-html', 'failed']);

/**
 * The pages one ingest run fetched, by URL without its fragment, so a page linked from several sources is
 * requested once. Article text is kept up to `maxChars` in all (oldest dropped first: a later link then refetches).
 */
export interface PageCache {
  get(key: string): Promise<PageFetch> | undefined;
  set(key: string, fetch: Promise<PageFetch>): void;
}

export function createPageCache(maxChars = 8_000_000): PageCache {
  const entries = new Map<string, Promise<PageFetch>>();
  const sizes = new Map<string, number>();
  let total = 0;
  return {
    get: (key) => entries.get(key),
    set(key, fetch) {
      entries.set(key, fetch);
      void fetch.then((page) => {
        if (entries.get(key) !== fetch) return;
        const reusable = page.outcome.kind === 'article' || PAGE_REASONS.has(page.outcome.reason);
        if (!reusable) {
          entries.delete(key);
          return;
        }
        const size = page.outcome.kind === 'article' ? page.outcome.html.length + page.outcome.text.length : 0;
        sizes.set(key, size);
        total += size;
        for (const [oldKey, oldSize] of sizes) {
          if (total <= maxChars) break;
          if (oldSize === 0) continue;
          sizes.delete(oldKey);
          entries.delete(oldKey);
          total -= oldSize;
        }
      });
    },
  };
}

/** The key pages are shared and cached under: the URL without its fragment. */
export function pageKey(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

export interface FullTextPhaseDeps extends PageFetchDeps {
  cache: PageCache;
  /** An item with fewer words than this wants its page (config `ingest.fullTextBelowWords`); arXiv abstracts always do. */
  belowWords: number;
  logger: Logger;
  sourceId: string;
  /** Pages this source fetches at once: less than the run's page slots, so one source never holds them all. */
  pagesAtOnce: number;
}

/** True when an item's text is only an excerpt worth replacing by its page: short, or an arXiv abstract. */
export function wantsFullText(piece: Piece, belowWords: number): boolean {
  if (belowWords === 0 || !/^https?:\/\//i.test(piece.url)) return false;
  return piece.wordCount < belowWords || arxivPaper(piece.url) !== null;
}

/**
 * Fetches the article pages of a feed's new excerpt-only items, in parallel within the host rule and the
 * source's budget, and puts each page's text in its piece; every item that keeps its excerpt is counted by reason.
 * `feedPieces` is the whole feed: a page that several of its items link is no one item's article.
 */
export async function fillFullText(fresh: readonly Piece[], feedPieces: readonly Piece[], deps: FullTextPhaseDeps): Promise<{ pieces: Piece[]; report: FullTextReport }> {
  const report = emptyFullTextReport();
  const linkedBy = new Map<string, Set<string>>();
  for (const piece of feedPieces) {
    if (!/^https?:\/\//i.test(piece.url)) continue;
    const key = pageKey(piece.url);
    const guids = linkedBy.get(key) ?? new Set<string>();
    guids.add(piece.guid);
    linkedBy.set(key, guids);
  }
  const own = new Set<Promise<PageFetch>>();
  const slot = createConcurrencyLimit(Math.max(1, deps.pagesAtOnce));
  const fetchOwn = (piece: Piece, key: string): Promise<PageFetch> | ExcerptReason => {
    const denied = deps.budget.takeFetch();
    if (denied) return denied;
    const page = slot(() => fetchFullText(piece.url, deps));
    own.add(page);
    deps.cache.set(key, page);
    return page;
  };

  // Budget is taken in feed order, synchronously, before anything is awaited: the first items get the pages.
  const planned = fresh.map((piece): { piece: Piece; key: string; page: Promise<PageFetch> | ExcerptReason | null } => {
    if (!wantsFullText(piece, deps.belowWords)) return { piece, key: '', page: null };
    report.wanted++;
    const key = pageKey(piece.url);
    if ((linkedBy.get(key)?.size ?? 0) > 1) return { piece, key, page: 'shared-page' };
    return { piece, key, page: deps.cache.get(key) ?? fetchOwn(piece, key) };
  });

  const pieces = await Promise.all(planned.map(async ({ piece, key, page }) => {
    if (page === null) return piece;
    if (typeof page === 'string') return keep(piece, page, report);
    let fetched = await page;
    if (!own.has(page) && fetched.outcome.kind === 'excerpt' && !PAGE_REASONS.has(fetched.outcome.reason)) {
      // Another source's budget stopped that fetch; this source pays for its own.
      const retry = fetchOwn(piece, key);
      if (typeof retry === 'string') return keep(piece, retry, report);
      fetched = await retry;
    }
    return apply(piece, fetched.outcome, fetched.host, report, deps);
  }));
  for (const page of own) {
    const { requests, bytes } = await page;
    report.requests += requests;
    report.bytes += bytes;
  }
  return { pieces, report };
}

function keep(piece: Piece, reason: ExcerptReason, report: FullTextReport): Piece {
  report.kept[reason] = (report.kept[reason] ?? 0) + 1;
  return piece;
}

function apply(piece: Piece, outcome: PageOutcome, host: string, report: FullTextReport, deps: FullTextPhaseDeps): Piece {
  if (outcome.kind === 'excerpt') {
    if (outcome.reason === 'blocked' && outcome.wall && !report.blocked.some((b) => b.host === host)) {
      report.blocked.push({ host, vendor: outcome.wall.vendor });
      deps.logger.warn({ sourceId: deps.sourceId, host, url: piece.url, wall: outcome.detail }, 'article page is a bot wall; keeping the feed excerpt');
    } else if (outcome.reason !== 'blocked') {
      deps.logger.info({ sourceId: deps.sourceId, url: piece.url, reason: outcome.reason, detail: outcome.detail }, 'full text not used; keeping the feed excerpt');
    }
    return keep(piece, outcome.reason, report);
  }
  if (outcome.text.length <= piece.contentText.length) return keep(piece, 'no-article', report);
  report.fetched++;
  if (outcome.truncated) report.truncated++;
  return { ...piece, ...contentFields(piece.title, outcome.text, outcome.html), fullTextFetched: true };
}
