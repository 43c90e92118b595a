import { loadArticleDom, type ArticleDom } from './article-dom.ts';
import { arxivPaper } from './arxiv.ts';
import { createMarkerSpotter, recogniseBotWall, recogniseBotWallIn, type BotWall } from './bot-wall.ts';
import type { ExcerptReason } from './full-text-report.ts';
import type { HostPoliteness } from './host-politeness.ts';
import { FetchTimeoutError, HttpStatusError } from './ingest-errors.ts';
import type { MemoryGuard } from './memory-guard.ts';
import { createPageReader, isPageContentType, reducePageHtml, type PageReader } from './page-reader.ts';
import { DEFAULT_REDUCE_LIMITS, type ReducedPage, type ReduceLimits } from './page-reducer.ts';
import type { SafeFetcher } from './safe-fetch.ts';
import { collapseText, sanitiseHtml } from './sanitise-html.ts';
import type { SourceBudget } from './source-budget.ts';

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
/** Bytes of a refused response kept to tell a bot wall from a plain refusal. */
const EVIDENCE_BYTES = 16 * 1024;
/** How often (in body chunks, ~64 KB each) a page being read checks the memory guard. */
const GUARD_EVERY_CHUNKS = 8;

/** Why a source's cycle stopped its page work early; the abort reason of the cycle's signal. */
export class CycleStop extends Error {
  readonly reason: ExcerptReason;
  constructor(reason: ExcerptReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** What fetching an item's page gave: the article, or why the item keeps its excerpt. */
export type PageOutcome =
  | { kind: 'article'; html: string; text: string; truncated: boolean }
  | { kind: 'excerpt'; reason: ExcerptReason; detail: string; status?: number; wall?: BotWall };

export interface PageFetch {
  outcome: PageOutcome;
  /** Requests made (an arXiv paper without HTML costs two). */
  requests: number;
  bytes: number;
  host: string;
}

export interface PageFetchDeps {
  fetcher: SafeFetcher;
  politeness: HostPoliteness;
  budget: SourceBudget;
  guard: MemoryGuard;
  /** Aborted (with a CycleStop) when the source's cycle stops its page work early. */
  signal?: AbortSignal;
  /** Where arXiv is reached (tests). */
  arxivOrigin?: string;
  reduceLimits?: ReduceLimits;
}

const excerpt = (reason: ExcerptReason, detail: string, extra: { status?: number; wall?: BotWall } = {}): PageOutcome => ({ kind: 'excerpt', reason, detail, ...extra });

/** The main text of a reduced page, sanitised; null when readability finds no article. */
function readArticle({ parseHTML, Readability }: ArticleDom, reduced: ReducedPage, pageUrl: string, limits: ReduceLimits): { html: string; text: string } | null {
  const html = /<body[\s>]/i.test(reduced.html) ? reduced.html : `<!doctype html><html><head></head><body>${reduced.html.replace(/^<!doctype html>/i, '')}</body></html>`;
  const { document } = parseHTML(html) as unknown as { document: unknown };
  let article: { content?: string | null; textContent?: string | null } | null;
  try {
    article = new Readability(document as never, { charThreshold: 200, maxElemsToParse: limits.maxElements * 2 }).parse();
  } catch {
    return null;
  }
  if (!article?.content) return null;
  const clean = sanitiseHtml(article.content, pageUrl);
  const text = clean.text || collapseText(article.textContent ?? '');
  return text === '' ? null : { html: clean.html, text };
}

/** An arXiv abstract page's abstract (its blockquote), which readability would mix with the page's furniture. */
function readArxivAbstract({ parseHTML }: ArticleDom, reduced: ReducedPage, pageUrl: string): { html: string; text: string } | null {
  const { document } = parseHTML(reduced.html) as unknown as { document: { querySelector(s: string): { innerHTML: string } | null } };
  const quote = document.querySelector('blockquote.abstract');
  if (!quote) return null;
  const clean = sanitiseHtml(quote.innerHTML.replace(/<span class="descriptor">[^<]*<\/span>/i, ''), pageUrl);
  return clean.text === '' ? null : clean;
}

/** The main text of an article page held in memory, read with the same bounds as a fetched one. */
export async function extractMainText(pageHtml: string, pageUrl: string, limits: ReduceLimits = DEFAULT_REDUCE_LIMITS): Promise<{ html: string; text: string } | null> {
  return readArticle(await loadArticleDom(), reducePageHtml(pageHtml, limits), pageUrl, limits);
}

type Extract = (dom: ArticleDom, reduced: ReducedPage, pageUrl: string, limits: ReduceLimits) => { html: string; text: string } | null;

/** One page request under the host rule and the source's budget, read as it streams in; never throws. */
async function fetchPage(url: string, deps: PageFetchDeps, extract: Extract = readArticle): Promise<PageFetch> {
  const host = new URL(url).host;
  const limits = deps.reduceLimits ?? DEFAULT_REDUCE_LIMITS;
  let bytes = 0;
  let requests = 0;
  const done = (outcome: PageOutcome): PageFetch => ({ outcome, requests, bytes, host });
  try {
    return await deps.politeness.run(host, async () => {
      const allowance = deps.budget.startRequest();
      if (typeof allowance === 'string') return done(excerpt(allowance, 'not started'));
      const pressure = deps.guard.pressure();
      if (pressure) {
        allowance.settle(0);
        return done(excerpt('memory', pressure));
      }
      requests++;
      const spotter = createMarkerSpotter();
      let reader: PageReader | null = null;
      let headers: Record<string, string> = {};
      let status = 0;
      let shed: string | null = null;
      try {
        const result = await deps.fetcher.fetch(url, {
          accept: PAGE_ACCEPT,
          maxBytes: allowance.maxBytes,
          timeoutMs: allowance.timeoutMs,
          oversize: 'truncate',
          errorBodyBytes: EVIDENCE_BYTES,
          signal: deps.signal,
          sink: (response) => {
            status = response.status;
            headers = response.headers;
            if (!isPageContentType(response.contentType)) return { write: () => false };
            const pageReader = createPageReader(response.contentType, { limits, spot: spotter.spot });
            reader = pageReader;
            let chunks = 0;
            return {
              write: (chunk) => {
                bytes += chunk.byteLength;
                if (++chunks % GUARD_EVERY_CHUNKS === 0 && (shed = deps.guard.pressure()) !== null) return false;
                return pageReader.write(chunk);
              },
            };
          },
        });
        bytes = result.bytes;
        if (result.notModified) return done(excerpt('failed', 'answered 304 to a request without validators'));
        if (reader === null) return done(excerpt('not-html', `content type ${result.contentType ?? 'none'}`));
        if (shed !== null) return done(excerpt('memory', shed));
        const reduced = (reader as PageReader).finish();
        const wall = recogniseBotWall({ status, headers, title: reduced.title, text: reduced.textSample, words: reduced.words, markers: spotter.markers });
        if (wall) return done(excerpt('blocked', `${wall.vendor}: ${wall.evidence}`, { status, wall }));
        const pressureNow = deps.guard.pressure();
        if (pressureNow) return done(excerpt('memory', pressureNow));
        const article = extract(await loadArticleDom(), reduced, result.finalUrl, limits);
        if (!article) return done(excerpt('no-article', 'readability found no article'));
        return done({ kind: 'article', ...article, truncated: result.truncated === true || reduced.truncated });
      } catch (error) {
        return done(failure(error, allowance.timeCutByBudget));
      } finally {
        allowance.settle(bytes);
      }
    }, 'page', deps.signal);
  } catch (error) {
    return done(failure(error, false));
  }
}

function failure(error: unknown, timeCutByBudget: boolean): PageOutcome {
  if (error instanceof CycleStop) return excerpt(error.reason, error.message);
  if (error instanceof FetchTimeoutError && timeCutByBudget) return excerpt('time-budget', error.message);
  if (error instanceof HttpStatusError) {
    if (error.evidence) {
      const wall = recogniseBotWallIn(error.evidence.body, error.status, error.evidence.headers);
      if (wall) return excerpt('blocked', `HTTP ${error.status}, ${wall.vendor}: ${wall.evidence}`, { status: error.status, wall });
    }
    return excerpt('failed', error.message, { status: error.status });
  }
  return excerpt('failed', error instanceof Error ? error.message : String(error));
}

/**
 * Fetches an item's article page (one page fetch already taken from the budget by the caller) and reads its main
 * text. An arXiv abstract link reads the paper's HTML full text instead, and the abstract page when the paper
 * has no HTML. Never throws: every failure is an excerpt outcome with its reason.
 */
export async function fetchFullText(url: string, deps: PageFetchDeps): Promise<PageFetch> {
  const paper = arxivPaper(url, deps.arxivOrigin);
  if (!paper) return fetchPage(url, deps);
  const html = await fetchPage(paper.htmlUrl, deps);
  const noHtml = html.outcome.kind === 'excerpt' && (html.outcome.reason === 'no-article' || (html.outcome.reason === 'failed' && (html.outcome.status === 404 || html.outcome.status === 410)));
  if (!noHtml) return html;
  const denied = deps.budget.takeFetch();
  if (denied) return { ...html, outcome: excerpt(denied, `${paper.id} has no HTML full text, and the budget allows no request for its abstract page`) };
  const abstract = await fetchPage(paper.abstractUrl, deps, (dom, reduced, pageUrl, limits) => readArxivAbstract(dom, reduced, pageUrl) ?? readArticle(dom, reduced, pageUrl, limits));
  return { ...abstract, requests: html.requests + abstract.requests, bytes: html.bytes + abstract.bytes };
}
