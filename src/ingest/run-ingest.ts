import { createBudget, type Budget, type Release } from '../async/concurrency-limit.ts';
import type { Config } from '../config/schema.ts';
import type { Piece } from '../domain/piece.ts';
import type { Source, SourceFetchState } from '../domain/source.ts';
import { DigestError } from '../errors.ts';
import { silentLogger, type Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { BlockedByBotWallError } from './bot-wall.ts';
import { decodeFeed } from './decode-feed.ts';
import { createDeduper, type Deduper, type FeedCandidates } from './dedupe.ts';
import { fetchSourceFeed, isLocalSource, localSourceUrl } from './fetch-source.ts';
import { CycleStop } from './full-text.ts';
import { createPageCache, fillFullText, wantsFullText, type PageCache } from './full-text-phase.ts';
import { fullTextHealthNote, type FullTextReport } from './full-text-report.ts';
import { createHostPoliteness, type HostPoliteness } from './host-politeness.ts';
import { HttpStatusError } from './ingest-errors.ts';
import { createMemoryGuard, type MemoryGuard } from './memory-guard.ts';
import { defaultNormaliser, type ItemNormaliser } from './item-normaliser.ts';
import { parseFeed, type ParsedFeed } from './parse-feed.ts';
import { createSafeFetcher, releaseBody, type FetchResult, type Resolver, type SafeFetcher } from './safe-fetch.ts';
import { createSourceBudget, type SourceBudget } from './source-budget.ts';
import { enterSourceCycle, type CycleLease } from './source-cycle-guard.ts';

/** The ingest settings (config `ingest`) plus run-level knobs. */
export type IngestOptions = Config['ingest'] & {
  /** How far back near-duplicate candidates reach; default 14 days. */
  lookbackDays?: number;
  /** DNS resolver override (tests). */
  resolver?: Resolver;
};

/** What `digest ingest` prints and admins see for one source. */
export interface SourceIngestReport {
  sourceId: string;
  sourceName: string;
  url: string;
  /** The feed's own title, when it was fetched and parsed this time. */
  feedTitle: string | null;
  /** HTTP status; 200 for a local file; 0 when no response (network error, skipped). */
  status: number;
  outcome: 'fetched' | 'not-modified' | 'failed' | 'skipped';
  durationMs: number;
  bytes: number;
  newItems: number;
  seenItems: number;
  updatedItems: number;
  duplicateItems: number;
  /** Items that could not be normalised (logged; the rest of the feed still counts). */
  failedItems: number;
  /** What article pages gave this cycle; null when no new item wanted one. */
  fullText: FullTextReport | null;
  error: string | null;
  hint: string | null;
  /** True when the source is (now) marked failing. */
  failing: boolean;
}

/** Raised when a source starts or stops failing; adapters post it to the admin channel. */
export interface IngestAlert {
  kind: 'source-failing' | 'source-recovered';
  source: Source;
  error: string | null;
}

export interface RunIngestInput {
  store: Store;
  sources: Source[];
  options: IngestOptions;
  logger?: Logger;
  now?: () => Date;
  /** A fetcher to use instead of one built from `options` (it is not closed). */
  fetcher?: SafeFetcher;
  onAlert?: (alert: IngestAlert) => void | Promise<void>;
  /** The feed parser; injectable so tests can prove a 304 never parses. */
  parse?: (xml: string, options: { feedUrl: string | null }) => Promise<ParsedFeed>;
  /**
   * Which sources fetch article pages: as each source is configured (default); `remote-only`, as configured but
   * never for a local feed file (a preview); `all`, every source, whatever its setting (`preview --full-text`).
   */
  fullTextSources?: 'configured' | 'remote-only' | 'all';
  /** The memory guard (default: one reading this process's memory against `options.memoryLimitMb`); tests inject pressure. */
  memoryGuard?: MemoryGuard;
  /** Where arXiv is reached (tests point it at a fake server). */
  arxivOrigin?: string;
  /** Called as each source's cycle ends, before the run as a whole does. */
  onSourceDone?: (report: SourceIngestReport) => void;
  /**
   * The lease each source's cycle takes and renews while it runs (`digest run`: several instances may share the
   * database). Without it a cycle is still single-flight within this process.
   */
  lease?: CycleLease;
  /** Normalises the feeds' items (default: defaultNormaliser(), closed when the run ends; one given is not closed). */
  normaliser?: ItemNormaliser;
}

/**
 * Bytes of fetched feeds a run holds as documents and pieces at once, from parsing to storing (a feed larger than
 * this is held alone): the other fetched feeds wait as bytes. A feed in hand costs about five times its size (its
 * text, items, sanitised HTML and text, their copies across the normaliser thread), so this bounds what a cold run
 * holds whatever the feeds' number, size or the run's concurrency.
 */
export const BYTES_IN_HAND = 4 * 1_048_576;

interface Counts {
  newItems: number;
  seenItems: number;
  updatedItems: number;
  duplicateItems: number;
  failedItems: number;
}

/**
 * The lock that store-side dedupe of one feed holds, so a story carried by two feeds is stored once even when
 * the feeds are ingested at the same moment by this process or another instance on the same database.
 */
export const INGEST_DEDUPE_LOCK = 'ingest:dedupe';

/**
 * Fetches, parses, normalises and dedupes every given source; one report per source, in input order.
 * A failing source never stops the others, and its failure is recorded in its fetch state.
 */
export async function runIngest(input: RunIngestInput): Promise<SourceIngestReport[]> {
  const { store, options } = input;
  const logger = input.logger ?? silentLogger();
  const now = input.now ?? (() => new Date());
  const parse = input.parse ?? parseFeed;
  const fetcher = input.fetcher ?? createSafeFetcher({ ...options, resolver: options.resolver, now });
  const pageConcurrency = Math.min(options.fullTextConcurrency, Math.max(1, options.concurrency - 1));
  const politeness = createHostPoliteness({ perHostIntervalMs: options.perHostIntervalMs, concurrency: options.concurrency, pageConcurrency });
  const lookbackMs = (options.lookbackDays ?? 14) * 24 * 3600 * 1000;
  const since = new Date(now().getTime() - lookbackMs);
  const deduper = createDeduper({ store, threshold: options.nearDuplicateThreshold, candidates: () => store.listPieceSignaturesSince(since) });
  const context: SourceContext = {
    store,
    options,
    logger,
    now,
    parse,
    fetcher,
    politeness,
    deduper,
    onAlert: input.onAlert,
    fullTextSources: input.fullTextSources ?? 'configured',
    pageCache: createPageCache(),
    arxivOrigin: input.arxivOrigin,
    lease: input.lease,
    // Half the run's page slots (rounded up) per source: another source's pages always find one free.
    pagesAtOnce: Math.max(1, Math.ceil(pageConcurrency / 2)),
    guard: input.memoryGuard ?? createMemoryGuard({ limitMb: options.memoryLimitMb }),
    normaliser: input.normaliser ?? defaultNormaliser({
      feedMaxBytes: options.maxBytes,
      onStop: (reason) => logger.warn({ reason }, 'the normaliser thread stopped; its feeds were normalised on the main thread'),
    }),
    bytesInHand: createBudget(BYTES_IN_HAND),
  };

  const reports = new Array<SourceIngestReport>(input.sources.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < input.sources.length) {
      const index = next++;
      const source = input.sources[index]!;
      reports[index] = await guardedIngest(source, context).catch((error: unknown) => failedReport(source, error, 0));
      input.onSourceDone?.(reports[index]);
    }
  };
  try {
    await Promise.allSettled(Array.from({ length: Math.min(options.concurrency, input.sources.length) }, worker));
  } finally {
    if (!input.fetcher) await fetcher.close();
    if (!input.normaliser) await context.normaliser.close();
  }
  return reports;
}

interface SourceContext {
  store: Store;
  options: IngestOptions;
  logger: Logger;
  now: () => Date;
  parse: NonNullable<RunIngestInput['parse']>;
  fetcher: SafeFetcher;
  politeness: HostPoliteness;
  deduper: Deduper;
  onAlert: RunIngestInput['onAlert'];
  fullTextSources: NonNullable<RunIngestInput['fullTextSources']>;
  pageCache: PageCache;
  guard: MemoryGuard;
  arxivOrigin: string | undefined;
  lease: CycleLease | undefined;
  pagesAtOnce: number;
  normaliser: ItemNormaliser;
  bytesInHand: Budget;
}

/** The per-source part of a cycle: its budget, and the signal that stops its page work when the budget's time is up. */
interface Cycle {
  budget: SourceBudget;
  signal: AbortSignal;
  fullText: FullTextReport | null;
  /** Whether this instance still holds the source (its lease), checked before saving. */
  confirm: () => Promise<boolean>;
}

function emptyCounts(): Counts {
  return { newItems: 0, seenItems: 0, updatedItems: 0, duplicateItems: 0, failedItems: 0 };
}

function failedReport(source: Source, error: unknown, durationMs: number): SourceIngestReport {
  return {
    sourceId: source.id,
    sourceName: source.name,
    url: source.url,
    feedTitle: null,
    status: error instanceof HttpStatusError || error instanceof BlockedByBotWallError ? error.status : 0,
    outcome: 'failed',
    durationMs,
    bytes: 0,
    ...emptyCounts(),
    fullText: null,
    error: error instanceof Error ? error.message : String(error),
    hint: error instanceof DigestError ? (error.hint ?? null) : null,
    failing: source.fetchState.failing,
  };
}

/** One source's cycle, if its previous one has ended (here and on every instance sharing the store). */
async function guardedIngest(source: Source, ctx: SourceContext): Promise<SourceIngestReport> {
  if (source.paused) return { ...failedReport(source, null, 0), outcome: 'skipped', error: 'paused', hint: null };
  const stop = new AbortController();
  const entered = await enterSourceCycle(source, {
    store: ctx.store,
    now: ctx.now,
    logger: ctx.logger,
    lease: ctx.lease,
    onLost: (message) => stop.abort(new CycleStop('cancelled', message)),
  });
  if ('skipped' in entered) {
    ctx.logger.info({ sourceId: source.id, source: source.name, reason: entered.skipped }, 'source cycle skipped');
    return { ...failedReport(source, null, 0), outcome: 'skipped', error: entered.skipped, hint: null };
  }
  try {
    return await ingestSource(source, ctx, stop, () => entered.confirm());
  } catch (error) {
    if (!(error instanceof CycleStop)) throw error;
    // Another instance holds the source now and ingests it; nothing of this cycle is saved or counted against it.
    return { ...failedReport(source, null, 0), outcome: 'skipped', error: `${error.message} mid-cycle; that instance ingests it`, hint: null };
  } finally {
    entered.leave();
  }
}

async function ingestSource(source: Source, ctx: SourceContext, stop: AbortController, confirm: () => Promise<boolean>): Promise<SourceIngestReport> {
  const startedAt = ctx.now();
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const state = source.fetchState;

  if (state.retryAfter && state.retryAfter.getTime() > startedAt.getTime()) {
    const report: SourceIngestReport = {
      ...failedReport(source, null, 0),
      outcome: 'skipped',
      error: `waiting until ${state.retryAfter.toISOString()} as the site asked (Retry-After)`,
      hint: null,
    };
    await ctx.store.recordFetch({ sourceId: source.id, at: startedAt, status: 0, outcome: 'skipped', durationMs: 0, bytes: 0, newItems: 0, seenItems: 0, error: report.error });
    return report;
  }

  // A response that arrived but would not parse keeps its HTTP status in the log.
  let responseStatus = 0;
  const budgetLimits = {
    timeMs: ctx.options.sourceCycleMs,
    bytes: ctx.options.sourceCycleBytes,
    fetches: ctx.options.fullTextPerCycle,
    pageMaxBytes: ctx.options.pageMaxBytes,
    requestTimeoutMs: ctx.options.totalTimeoutMs,
  };
  const cycle: Cycle = { budget: createSourceBudget(budgetLimits, { now: ctx.now, startedAt }), signal: stop.signal, fullText: null, confirm };
  const deadline = setTimeout(() => stop.abort(new CycleStop('time-budget', `the source's cycle budget of ${budgetLimits.timeMs} ms is spent`)), cycle.budget.remainingMs());
  deadline.unref();
  try {
    const result = await fetchSourceFeed(source.url, { etag: state.etag, lastModified: state.lastModified }, {
      fetcher: ctx.fetcher,
      politeness: ctx.politeness,
      maxBytes: ctx.options.maxBytes,
    });
    responseStatus = result.status;
    const counts = emptyCounts();
    let feedTitle: string | null = null;
    if (!result.notModified) {
      const baseUrl = isLocalSource(source.url) ? localSourceUrl(source.url).href : result.finalUrl;
      const release = await ctx.bytesInHand.acquire(result.bytes);
      try {
        const feed = await readFeed(result, ctx.parse, baseUrl);
        feedTitle = feed.title?.trim() || null;
        cycle.budget = createSourceBudget(budgetLimits, { now: ctx.now, startedAt, feedBytes: result.bytes });
        await storeItems(source, feed, baseUrl, startedAt, counts, ctx, cycle, release);
      } finally {
        release();
      }
    }
    const durationMs = elapsed();
    const outcome = result.notModified ? 'not-modified' : 'fetched';
    await ctx.store.recordFetch({
      sourceId: source.id,
      at: startedAt,
      status: result.status,
      outcome,
      durationMs,
      bytes: result.bytes,
      newItems: counts.newItems,
      seenItems: counts.seenItems + counts.updatedItems + counts.duplicateItems,
      error: null,
    });
    const fetchState: Partial<SourceFetchState> = {
      etag: result.etag,
      lastModified: result.lastModified,
      lastFetchedAt: startedAt,
      lastSuccessAt: startedAt,
      retryAfter: null,
      consecutiveFailures: 0,
      failing: false,
      lastError: null,
    };
    const note = fullTextHealthNote(cycle.fullText);
    if (note !== undefined) fetchState.fullTextNote = note;
    await ctx.store.updateSource(source.id, { fetchState });
    if (state.failing) await alert(ctx, { kind: 'source-recovered', source: { ...source, fetchState: { ...state, ...fetchState } }, error: null });
    return {
      sourceId: source.id,
      sourceName: source.name,
      url: source.url,
      feedTitle,
      status: result.status,
      outcome,
      durationMs,
      bytes: result.bytes,
      ...counts,
      fullText: cycle.fullText,
      error: null,
      hint: null,
      failing: false,
    };
  } catch (error) {
    if (error instanceof CycleStop) throw error;
    const durationMs = elapsed();
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ sourceId: source.id, source: source.name, err: message }, 'source fetch failed');
    const consecutiveFailures = state.consecutiveFailures + 1;
    const failing = state.failing || consecutiveFailures >= ctx.options.failingAfter;
    const retryAfter = error instanceof HttpStatusError && (error.status === 429 || error.status === 503) ? error.retryAfter : null;
    const fetchState: Partial<SourceFetchState> = { lastFetchedAt: startedAt, consecutiveFailures, failing, retryAfter, lastError: message };
    const status = error instanceof HttpStatusError || error instanceof BlockedByBotWallError ? error.status : responseStatus;
    await ctx.store.recordFetch({ sourceId: source.id, at: startedAt, status, outcome: 'failed', durationMs, bytes: 0, newItems: 0, seenItems: 0, error: message });
    await ctx.store.updateSource(source.id, { fetchState });
    if (failing && !state.failing) await alert(ctx, { kind: 'source-failing', source: { ...source, fetchState: { ...state, ...fetchState } }, error: message });
    return { ...failedReport({ ...source, fetchState: { ...state, ...fetchState } }, error, durationMs), status, error: `${source.name}: ${message}` };
  } finally {
    clearTimeout(deadline);
  }
}

/**
 * Decodes and parses a fetched feed. Its bytes are freed as soon as they are decoded, and its text is held by nothing
 * once parsed: not an async function, whose suspended frame could keep the whole document alive while its items are
 * normalised and stored, long enough for it to be promoted to the old generation.
 */
function readFeed(result: Extract<FetchResult, { notModified: false }>, parse: SourceContext['parse'], feedUrl: string): Promise<ParsedFeed> {
  let text: string;
  try {
    text = decodeFeed(result.body, result.contentType);
  } finally {
    releaseBody(result.body);
  }
  return parse(text, { feedUrl });
}

async function alert(ctx: SourceContext, event: IngestAlert): Promise<void> {
  try {
    await ctx.onAlert?.(event);
  } catch (error) {
    ctx.logger.error({ err: error instanceof Error ? error.message : String(error), kind: event.kind }, 'admin alert handler failed');
  }
}

/** `release`: gives back the feed's share of BYTES_IN_HAND before article pages are awaited. */
async function storeItems(source: Source, feed: ParsedFeed, baseUrl: string, fetchedAt: Date, counts: Counts, ctx: SourceContext, cycle: Cycle, release: Release): Promise<void> {
  const pieces: Piece[] = [];
  const guids = new Set<string>();
  // The feed's own items (its HTML) are held by nothing once normalised, so a feed's text does not outlive its turn.
  const raws = feed.items.splice(0);
  const linkProblems = raws.filter((raw) => raw.linkProblem !== null).map((raw) => raw.linkProblem);
  if (linkProblems.length > 0) {
    ctx.logger.info({ sourceId: source.id, items: linkProblems.length, first: linkProblems[0] }, 'feed items kept without their link');
  }
  const guidsGiven = raws.map((raw) => raw.guid);
  const results = await ctx.normaliser.normalise(raws, { sourceId: source.id, fetchedAt, baseUrl });
  for (const [i, result] of results.entries()) {
    if ('error' in result) {
      counts.failedItems++;
      ctx.logger.warn({ sourceId: source.id, guid: guidsGiven[i], err: result.error }, 'feed item skipped: could not normalise');
      continue;
    }
    // A feed listing one guid twice carries one piece; the first listing wins.
    if (guids.has(result.piece.guid)) {
      counts.seenItems++;
      continue;
    }
    guids.add(result.piece.guid);
    pieces.push(result.piece);
  }
  // Unknown items that need their article page are fetched outside the lock: slow pages must not hold up other feeds.
  // Only this source writes its own (source, guid) pairs, so the decision made here still holds inside the lock.
  const known = await ctx.deduper.known(source.id, pieces);
  const candidates: FeedCandidates = { fresh: [], edits: [] };
  for (const [i, piece] of pieces.entries()) {
    const decision = known[i];
    if (decision?.kind === 'edit') candidates.edits.push({ piece, pieceId: decision.pieceId });
    else if (decision) counts.seenItems++;
    else candidates.fresh.push(piece);
  }
  if (wantsPages(source, ctx)) {
    // Article pages wait on other sites: the feed's share goes to the next feeds meanwhile (this feed is excerpts).
    if (candidates.fresh.some((piece) => wantsFullText(piece, ctx.options.fullTextBelowWords))) release();
    const filled = await fillFullText(candidates.fresh, pieces, {
      fetcher: ctx.fetcher,
      politeness: ctx.politeness,
      budget: cycle.budget,
      guard: ctx.guard,
      signal: cycle.signal,
      arxivOrigin: ctx.arxivOrigin,
      cache: ctx.pageCache,
      belowWords: ctx.options.fullTextBelowWords,
      logger: ctx.logger,
      sourceId: source.id,
      pagesAtOnce: ctx.pagesAtOnce,
    });
    candidates.fresh = filled.pieces;
    cycle.fullText = filled.report.wanted > 0 ? filled.report : null;
  }
  if (!(await cycle.confirm())) throw new CycleStop('cancelled', 'the lease on this source went to another instance');
  await ctx.store.withLock(INGEST_DEDUPE_LOCK, async () => {
    const batch = await ctx.deduper.plan(candidates);
    // One transaction per feed: a crash or a database error stores all of the feed's news or none of it.
    await ctx.store.saveIngestBatch(batch);
    await ctx.deduper.remember(batch.inserts);
    counts.newItems += batch.inserts.length;
    counts.duplicateItems += batch.occurrences.length;
    counts.updatedItems += batch.edits.length;
  });
}

/** Whether this source's new items may fetch their article pages this run. */
function wantsPages(source: Source, ctx: SourceContext): boolean {
  if (ctx.options.fullTextBelowWords === 0) return false;
  if (ctx.fullTextSources === 'all') return true;
  if (ctx.fullTextSources === 'remote-only' && isLocalSource(source.url)) return false;
  return source.fullText;
}
