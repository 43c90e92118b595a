/** How well one piece matches a channel's interests. */
export interface InterestMatch {
  /** Interests found, in the channel's order, as the admin typed them. */
  matched: string[];
  /** Saturating 0..1: one title hit ≈ 0.63, two ≈ 0.86. */
  score: number;
}

const TITLE_HIT = 1;
const BODY_HIT = 0.2;
const BODY_MAX = 0.6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive, word-bounded pattern; words may be split by spaces or hyphens, and a plural `s` is allowed. */
export function interestPattern(interest: string): RegExp | null {
  const words = interest.trim().split(/[\s-]+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  const body = words.map(escapeRegExp).join('[\\s-]+');
  const plural = /\p{L}$/u.test(interest.trim()) ? '(?:e?s)?' : '';
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${plural}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Matches interests against a title (weighted high) and body text (weighted lower, a few hits at most). */
export function matchInterests(interests: readonly string[], title: string, body: string): InterestMatch {
  const matched: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const interest of interests) {
    const key = interest.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const pattern = interestPattern(interest);
    if (pattern === null) continue;
    const weight = title.match(pattern) !== null
      ? TITLE_HIT
      : Math.min(BODY_MAX, (body.match(pattern)?.length ?? 0) * BODY_HIT);
    if (weight > 0) {
      matched.push(interest.trim());
      total += weight;
    }
  }
  return { matched, score: 1 - Math.exp(-total) };
}
