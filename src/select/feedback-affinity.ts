import type { Piece } from '../domain/piece.ts';

/**
 * The score term reader feedback adds (docs/selection.md, "Reader feedback"): a channel's 👍/👎 on past pieces
 * shift future scores by how much a candidate shares their source and topics. Every vote fades with a half-life of
 * weeks, each source and topic starts from `priorVotes` neutral votes, and the shift is capped at `maxShift` of the
 * score, so one vote can move a score by at most maxShift / (priorVotes + 1) of it.
 */

/** One member's net vote on one piece: +1 (👍), −1 (👎); both at once cancel and are not listed. */
export interface NetVote {
  pieceId: string;
  sourceId: string;
  value: 1 | -1;
  at: Date;
}

export interface AffinityOptions {
  now: Date;
  /** A vote counts half as much after this many days. */
  halfLifeDays: number;
  /** Neutral pseudo-votes every source and topic starts with. */
  priorVotes: number;
}

/** Words that say nothing about what a piece is about. */
const STOPWORDS = new Set(
  ('about above after again against also among another because been before being below between both cannot could does doing down during each either enough even ever every from further have having here into just itself less more most much must neither only other over same should since some such than that their them then there these they this those through under until very what when where which while whom whose will with within without would your yours ours were make made many using used uses show shows paper post work study results new')
    .split(' '),
);

/** At most this many words of the body count as topics, besides the title's. */
const BODY_TOPICS = 6;

/** What a piece is about, as lower-case words: its title's content words and its body's most frequent ones. */
export function topicTerms(piece: Pick<Piece, 'title' | 'contentText'>): Set<string> {
  const words = (text: string, min: number) => (text.toLowerCase().match(/[\p{L}][\p{L}\p{N}-]*/gu) ?? []).filter((w) => w.length >= min && !STOPWORDS.has(w));
  const terms = new Set(words(piece.title, 4));
  const counts = new Map<string, number>();
  for (const w of words(piece.contentText.slice(0, 3_000), 5)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, BODY_TOPICS);
  for (const [w] of frequent) terms.add(w);
  return terms;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * The affinity of candidates, in (−1, 1): the mean of source affinity S = Σ v·w / (k + Σ w) over votes on the
 * candidate's source, and topic affinity T = Σ v·w·J / (k + Σ w·J) over all votes, J being the overlap of the
 * candidate's topics with the voted piece's. `voted` holds the voted pieces (for their topics); votes on pieces no
 * longer stored count for their source only.
 */
export function createAffinity(votes: readonly NetVote[], voted: ReadonlyMap<string, Pick<Piece, 'title' | 'contentText'>>, options: AffinityOptions): (piece: Piece) => number {
  const k = options.priorVotes;
  const weighted = votes.map((v) => {
    const ageDays = Math.max(0, (options.now.getTime() - v.at.getTime()) / 86_400_000);
    const piece = voted.get(v.pieceId);
    return { ...v, weight: Math.pow(0.5, ageDays / options.halfLifeDays), topics: piece === undefined ? new Set<string>() : topicTerms(piece) };
  });
  const bySource = new Map<string, { sum: number; weight: number }>();
  for (const v of weighted) {
    const entry = bySource.get(v.sourceId) ?? { sum: 0, weight: 0 };
    entry.sum += v.value * v.weight;
    entry.weight += v.weight;
    bySource.set(v.sourceId, entry);
  }
  return (piece) => {
    if (weighted.length === 0) return 0;
    const source = bySource.get(piece.sourceId);
    const s = source === undefined ? 0 : source.sum / (k + source.weight);
    const topics = topicTerms(piece);
    let sum = 0;
    let weight = 0;
    for (const v of weighted) {
      const overlap = jaccard(topics, v.topics);
      if (overlap === 0) continue;
      sum += v.value * v.weight * overlap;
      weight += v.weight * overlap;
    }
    const t = weight === 0 ? 0 : sum / (k + weight);
    return (s + t) / 2;
  };
}

/** The score with the affinity applied: `score × (1 + maxShift × affinity)`, affinity clamped to [−1, 1]. */
export function applyAffinity(score: number, affinity: number, maxShift: number): number {
  const a = Number.isFinite(affinity) ? Math.max(-1, Math.min(1, affinity)) : 0;
  return score * (1 + maxShift * a);
}

/** Each member's 👍 and 👎 on a piece as one net vote (both cancel), dated by the later of the two. */
export function netVotes(rows: readonly { pieceId: string; sourceId: string; memberId: string; kind: 'up' | 'down'; at: Date }[]): NetVote[] {
  const byMember = new Map<string, { pieceId: string; sourceId: string; value: number; at: Date }>();
  for (const row of rows) {
    const key = JSON.stringify([row.memberId, row.pieceId]);
    const entry = byMember.get(key) ?? { pieceId: row.pieceId, sourceId: row.sourceId, value: 0, at: row.at };
    entry.value += row.kind === 'up' ? 1 : -1;
    if (row.at > entry.at) entry.at = row.at;
    byMember.set(key, entry);
  }
  return [...byMember.values()].filter((v) => v.value !== 0).map((v) => ({ pieceId: v.pieceId, sourceId: v.sourceId, value: v.value > 0 ? 1 : -1, at: v.at }));
}
