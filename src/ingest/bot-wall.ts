import { DigestError } from '../errors.ts';
import { reducePageHtml } from './page-reader.ts';

/** A page that is a challenge or block interstitial instead of the article. */
export interface BotWall {
  /** Who put it up, as far as the markers tell ("Cloudflare", "DataDome", … or "a captcha"). */
  vendor: string;
  /** The marker that gave it away, for the log and the report. */
  evidence: string;
}

/**
 * Markers of challenge and block pages. Cloudflare's bot script on ordinary pages (`/cdn-cgi/challenge-platform/
 * scripts/jsd/…`) is not one; its challenge page's orchestrator and options are.
 */
const VENDOR_MARKERS: { vendor: string; pattern: RegExp }[] = [
  { vendor: 'Cloudflare', pattern: /challenge-platform\/(h\/[a-z]\/)?orchestrate|_cf_chl_opt|\bcf-chl-|challenges\.cloudflare\.com\/turnstile|\bcf-turnstile\b|\bcf-browser-verification\b|\bchallenge-error-text\b/i },
  { vendor: 'DataDome', pattern: /captcha-delivery\.com|\bdatadome\b/i },
  { vendor: 'HUMAN (PerimeterX)', pattern: /\bpx-captcha\b|_pxCaptcha|\bperimeterx\b/i },
  { vendor: 'Imperva', pattern: /_Incapsula_Resource|Incapsula incident ID/i },
  { vendor: 'AWS WAF', pattern: /\bawswaf\b|aws-waf-token|\.token\.awswaf\.com/i },
  { vendor: 'Akamai', pattern: /errors\.edgesuite\.net|\/_sec\/cp_challenge\//i },
  { vendor: 'SiteGround', pattern: /sgcaptcha/i },
  { vendor: 'Sucuri', pattern: /Sucuri WebSite Firewall|sucuri\.net\/privacy-policy/i },
  { vendor: 'a captcha', pattern: /\bg-recaptcha\b|\bh-captcha\b|hcaptcha\.com\/1\/api|google\.com\/recaptcha\/api|\bsitekey\b/i },
];

/** Titles of interstitials; a page titled like this is never an article. */
const WALL_TITLES: { vendor: string; pattern: RegExp }[] = [
  { vendor: 'Cloudflare', pattern: /^(just a moment|un instant|einen moment|un momento|um momento|attention required!? \| cloudflare|please wait\.\.\. \| cloudflare)\b/i },
  { vendor: 'a bot check', pattern: /^(access denied|are you a robot\??|robot check|human verification|security check|verifying you are human|checking your browser|ddos-guard|pardon our interruption|captcha)/i },
];

/** Phrases interstitials say; also common in noscript notices of real pages, so they count only on a page with no text of its own. */
const WALL_PHRASES =
  /enable javascript( and cookies)?( to continue)?|javascript is (disabled|required)|(please )?turn (on|javascript on)|verify(ing)? (that )?you are (a )?human|are you a robot|not a robot|checking (if the site connection is secure|your browser)|press (&|and) hold|unusual traffic from your (computer )?network|complete the security check|needs to review the security of your connection|\bcaptcha\b/i;

/** Response headers challenge services set. */
function headerMarker(headers: Record<string, string>): BotWall | null {
  if (/challenge/i.test(headers['cf-mitigated'] ?? '')) return { vendor: 'Cloudflare', evidence: 'cf-mitigated: challenge' };
  if (/challenge/i.test(headers['x-vercel-mitigated'] ?? '')) return { vendor: 'Vercel', evidence: 'x-vercel-mitigated: challenge' };
  if (headers['x-datadome'] !== undefined || headers['x-dd-b'] !== undefined) return { vendor: 'DataDome', evidence: 'x-datadome header' };
  if (headers['x-amzn-waf-action'] !== undefined) return { vendor: 'AWS WAF', evidence: `x-amzn-waf-action: ${headers['x-amzn-waf-action']}` };
  return null;
}

/** A visible text this short cannot be an article, so a wall's markers or phrases on it are believed. */
const FEW_WORDS = 120;

export interface PageEvidence {
  status: number;
  headers: Record<string, string>;
  title: string | null;
  /** Visible text (a sample is enough). */
  text: string;
  /** Words of visible text on the page. */
  words: number;
  /** Vendor markers found in what the page reader dropped (scripts, frames, forms, class and id values). */
  markers: readonly BotWall[];
}

function vendorIn(text: string): BotWall | null {
  for (const { vendor, pattern } of VENDOR_MARKERS) {
    const match = pattern.exec(text);
    if (match) return { vendor, evidence: match[0] };
  }
  return null;
}

/**
 * Tells a challenge or block page from an article. A refusal (401/403/429/503) is a wall when any marker,
 * title or phrase says so; a 2xx page only when its title is an interstitial's or it has almost no text of its
 * own and carries a wall's marker or phrase (vendors inject their scripts into ordinary pages too).
 */
export function recogniseBotWall(page: PageEvidence): BotWall | null {
  const refused = [401, 403, 429, 503].includes(page.status);
  const header = headerMarker(page.headers);
  if (header && (refused || page.words < FEW_WORDS)) return header;
  const title = page.title?.trim() ?? '';
  for (const { vendor, pattern } of WALL_TITLES) if (pattern.test(title)) return { vendor, evidence: `title "${title.slice(0, 60)}"` };
  if (!refused && page.words >= FEW_WORDS) return null;
  const marker = page.markers[0] ?? vendorIn(page.text);
  if (marker) return marker;
  const phrase = WALL_PHRASES.exec(page.text);
  return phrase ? { vendor: 'a bot check', evidence: `"${phrase[0]}"` } : null;
}

/** A feed URL answered with a challenge or block page instead of the feed. */
export class BlockedByBotWallError extends DigestError {
  readonly wall: BotWall;
  readonly status: number;
  constructor(url: string, status: number, wall: BotWall) {
    super(`${url} answered ${status === 200 ? 'with' : `HTTP ${status} and`} a bot wall (${wall.vendor}: ${wall.evidence}) instead of the feed`, {
      code: 'feed-unreadable',
      hint: 'the site challenges automated readers; ask its owner to exempt the feed URL, or find the feed elsewhere (a feed proxy, a mirror, a newsletter)',
    });
    this.wall = wall;
    this.status = status;
  }
}

/** The verdict on a response held in memory (a refusal's first bytes, a feed URL that answered HTML). */
export function recogniseBotWallIn(html: string, status: number, headers: Record<string, string>): BotWall | null {
  const spotter = createMarkerSpotter();
  const page = reducePageHtml(html, undefined, spotter.spot);
  return recogniseBotWall({ status, headers, title: page.title, text: page.textSample, words: page.words, markers: spotter.markers });
}

/** Checks what a page reader drops for vendor markers as it goes, keeping the first few it finds. */
export function createMarkerSpotter(): { spot: (text: string) => void; markers: BotWall[] } {
  const markers: BotWall[] = [];
  return {
    markers,
    spot: (text) => {
      if (markers.length >= 5) return;
      const found = vendorIn(text);
      if (found) markers.push(found);
    },
  };
}
