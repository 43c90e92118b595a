/** Why an item kept its feed excerpt instead of its article page's text. */
export type ExcerptReason =
  /** The page is a challenge or block interstitial (Cloudflare, captcha, "enable JavaScript"). */
  | 'blocked'
  /** Readability found no article, or the page's text was not longer than the excerpt. */
  | 'no-article'
  /** The link is not an HTML page (a PDF, an image). */
  | 'not-html'
  /** The request failed (HTTP error, timeout, network). */
  | 'failed'
  /** Several items of the feed link this one page, so it is not any one item's article (a show page, a live blog). */
  | 'shared-page'
  /** The source's cycle ran out of time (`ingest.sourceCycleMs`). */
  | 'time-budget'
  /** The source's cycle ran out of bytes (`ingest.sourceCycleBytes`). */
  | 'byte-budget'
  /** The source's cycle made its page requests (`ingest.fullTextPerCycle`). */
  | 'fetch-budget'
  /** The process was near its memory limit (`ingest.memoryLimitMb`). */
  | 'memory'
  /** The cycle was cancelled (its lease went to another instance). */
  | 'cancelled';

/** What full text did for one source's new items in one cycle. */
export interface FullTextReport {
  /** New items that wanted their article page. */
  wanted: number;
  /** Of those, how many now carry the page's text. */
  fetched: number;
  /** Of those, how many carry only the start of a page that was cut at a byte or size cap. */
  truncated: number;
  /** Page requests made: a page linked by several items, or already fetched this run, is requested once. */
  requests: number;
  /** Page bytes read. */
  bytes: number;
  /** Items that kept the feed excerpt, by reason. */
  kept: Partial<Record<ExcerptReason, number>>;
  /** Hosts that answered with a challenge or block page, and who put it up. */
  blocked: { host: string; vendor: string }[];
}

export function emptyFullTextReport(): FullTextReport {
  return { wanted: 0, fetched: 0, truncated: 0, requests: 0, bytes: 0, kept: {}, blocked: [] };
}

const REASON_TEXT: Record<ExcerptReason, string> = {
  'blocked': 'blocked by a bot wall',
  'no-article': 'no article on the page',
  'not-html': 'not an HTML page',
  'failed': 'page failed',
  'shared-page': 'page shared by several items',
  'time-budget': 'cycle time budget spent',
  'byte-budget': 'cycle byte budget spent',
  'fetch-budget': 'cycle page-fetch budget spent',
  'memory': 'shed: memory near its limit',
  'cancelled': 'cycle cancelled',
};

/** Reasons an admin should hear about in the source's health (the others are ordinary pages being ordinary). */
const NOTABLE: ExcerptReason[] = ['blocked', 'time-budget', 'byte-budget', 'fetch-budget', 'memory'];

function blockedHosts(report: FullTextReport): string {
  return report.blocked.map((b) => `${b.host} (${b.vendor})`).join(', ');
}

/** One clause for `digest ingest`, e.g. `full text 3/5 (2 blocked by a bot wall: example.com (Cloudflare))`. */
export function formatFullTextReport(report: FullTextReport): string {
  const parts = (Object.entries(report.kept) as [ExcerptReason, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${REASON_TEXT[reason]}${reason === 'blocked' && report.blocked.length > 0 ? `: ${blockedHosts(report)}` : ''}`);
  if (report.truncated > 0) parts.push(`${report.truncated} cut at the page cap`);
  return `full text ${report.fetched}/${report.wanted}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * What the source's health says about full text after this cycle: a sentence when pages were blocked or work was
 * shed, null when all was well, undefined when the cycle had no page to fetch (the last note stands).
 */
export function fullTextHealthNote(report: FullTextReport | null): string | null | undefined {
  if (report === null || report.wanted === 0) return undefined;
  const notes: string[] = [];
  if ((report.kept.blocked ?? 0) > 0) notes.push(`article pages blocked by a bot wall at ${blockedHosts(report)}; those items keep their feed excerpts`);
  const shed = NOTABLE.filter((r) => r !== 'blocked' && (report.kept[r] ?? 0) > 0).map((r) => `${report.kept[r]} ${REASON_TEXT[r]}`);
  if (shed.length > 0) notes.push(`excerpts kept: ${shed.join(', ')}`);
  return notes.length > 0 ? notes.join('; ') : null;
}
