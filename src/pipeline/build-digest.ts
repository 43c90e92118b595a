import type { Channel } from '../domain/channel.ts';
import type { Digest, PassedPiece } from '../domain/digest.ts';
import type { Piece } from '../domain/piece.ts';
import type { Source } from '../domain/source.ts';
import type { PieceSummary } from '../domain/summary.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { assembleDigest } from '../digest/assemble-digest.ts';
import { filterCandidates } from '../filter/channel-filters.ts';
import { messagesFor } from '../i18n/index.ts';
import { orderEvidence } from '../select/selection-reason.ts';
import { selectWithPassed, type SelectionInput } from '../select/select-pieces.ts';
import type { ScoreRelevance } from '../summarise/cached-relevance.ts';
import type { LlmGate } from '../budget/llm-gate.ts';
import { withUsageWorkspace } from '../budget/usage-scope.ts';
import { workspaceKeyOf } from '../domain/workspace.ts';

/** Summarises one piece for a channel's language, through the cache. */
export type SummarisePiece = (piece: Piece, sourceName: string, language: string) => Promise<{ summary: PieceSummary; summarisedBy: 'llm' | 'offline' | 'offline-fallback' }>;

export interface BuildDigestDeps {
  store: Store;
  summarise: SummarisePiece;
  /** LLM relevance (cached), when the config turns it on and an LLM is configured. */
  scoreRelevance?: ScoreRelevance | undefined;
  /** The channel's reader feedback as a score term (src/discussion/feedback-for-selection.ts); undefined: none. */
  feedbackAffinity?: ((channel: Channel) => Promise<SelectionInput['affinity']>) | undefined;
  config: Config;
  logger: Logger;
  now: () => Date;
  /**
   * Whether this channel's digest may use the LLM (its workspace's budget). When it may not, every piece is
   * summarised by `summariseOffline`, relevance scoring is skipped, and the edition's notice says why.
   */
  llmGate?: LlmGate | undefined;
  summariseOffline?: SummarisePiece | undefined;
}

export interface BuildDigestOptions {
  /** The slot this edition fills, or `manual:<ISO>`. */
  edition: string;
  /** Also consider pieces this channel already received (`--all`). */
  includeDelivered?: boolean;
  /** Overrides the channel's pieces setting (`digest preview --pieces N`). */
  pieces?: number;
}

/** How many of the channel's recent digests count for novelty. */
const NOVELTY_DIGESTS = 5;
/** `/digest passed` lists at most this many left-out pieces (the best-scored). */
const PASSED_KEPT = 20;
/** …and after them at most this many pieces the channel's filters removed. */
const FILTERED_KEPT = 10;

/**
 * Builds (but neither saves nor posts) the next digest for a channel: the pieces of its sources that
 * arrived since its last digest, scored and picked, summarised, assembled. Null when there is nothing new.
 */
export function buildDigest(deps: BuildDigestDeps, channel: Channel, options: BuildDigestOptions): Promise<Digest | null> {
  // Every LLM call this build makes counts against the channel's workspace.
  return withUsageWorkspace(workspaceKeyOf(channel.ref), () => build(deps, channel, options));
}

async function build(deps: BuildDigestDeps, channel: Channel, options: BuildDigestOptions): Promise<Digest | null> {
  const { store, config } = deps;
  const now = deps.now();
  const subscribed = await store.listChannelSources(channel.id);
  if (subscribed.length === 0) return null;
  const sources = new Map<string, Source>(subscribed.map((s) => [s.id, s]));

  // Candidates are the pieces new since the channel's last digest: one passed over then is not
  // offered again, so "only the ones worth your time" stays a judgement made once.
  const lookback = new Date(now.getTime() - config.selection.lookbackDays * 86_400_000);
  const [last] = options.includeDelivered === true ? [] : await store.listDigests(channel.id, { limit: 1 });
  const since = last !== undefined && last.createdAt > lookback ? last.createdAt : lookback;
  const recent = await store.listPiecesSince(since, { sourceIds: [...sources.keys()] });
  const delivered = options.includeDelivered === true ? new Set<string>() : await store.digestedPieceIds(channel.id);
  const fresh = recent.filter((p) => !delivered.has(p.id));
  if (fresh.length === 0) return null;
  // The channel's filters come first: what they remove is never scored, and `/digest passed` names the filter.
  const { kept: candidates, removed: filteredOut } = filterCandidates(fresh, channel.settings.filters ?? [], (problem) => deps.logger.warn({ channel: channel.id, problem }, 'a stored filter cannot run; skipping it'));

  const recentDigestPieces = await piecesOfRecentDigests(store, channel.id);
  const gate = deps.llmGate === undefined || deps.summariseOffline === undefined ? undefined : await deps.llmGate(channel);
  const offline = gate !== undefined && !gate.allowed ? { reason: gate.reason, summarise: deps.summariseOffline! } : undefined;
  if (offline !== undefined) deps.logger.info({ channel: channel.id, reason: offline.reason }, "summarising this digest offline: the workspace's LLM budget is spent");
  const relevance = deps.scoreRelevance === undefined || offline !== undefined
    ? undefined
    : await deps.scoreRelevance(channel.settings.interests, candidates.map((piece) => ({ piece, sourceName: sources.get(piece.sourceId)?.name ?? 'Unknown source' })))
      .catch((error: unknown) => {
        // Relevance refines the pick; without it the documented score still picks well, so the digest goes on.
        deps.logger.warn({ channel: channel.id, err: error instanceof Error ? error.message : String(error) }, 'LLM relevance scoring failed; selecting without it');
        return undefined;
      });
  const affinity = await deps.feedbackAffinity?.(channel).catch((error: unknown) => {
    deps.logger.warn({ channel: channel.id, err: error instanceof Error ? error.message : String(error) }, 'reader feedback could not be read; selecting without it');
    return undefined;
  });
  const { picks, passed } = selectWithPassed({
    ...(relevance === undefined ? {} : { relevance }),
    ...(affinity === undefined ? {} : { affinity }),
    candidates,
    sources,
    interests: channel.settings.interests,
    recentDigestPieces: options.includeDelivered === true ? [] : recentDigestPieces,
    count: options.pieces ?? channel.settings.pieces,
    maxPerSource: config.selection.maxPerSource,
    halfLifeHours: config.selection.halfLifeHours,
    qualityFloor: config.selection.qualityFloor,
    now,
  });
  if (picks.length === 0 && config.selection.whenNothingWorthIt === 'skip') {
    deps.logger.info({ channel: channel.id, candidates: candidates.length }, 'nothing cleared the quality floor; skipping this edition');
    return null;
  }

  const language = channel.settings.language;
  const m = messagesFor(language);
  const nameOf = async (sourceId: string) => sources.get(sourceId)?.name ?? (await store.getSource(sourceId))?.name ?? 'Unknown source';
  const summarised = await Promise.all(picks.map(async (pick) => {
    const sourceName = await nameOf(pick.piece.sourceId);
    const alsoOn = await crosspostSources(store, pick.piece.id, pick.piece.sourceId, nameOf);
    const result = await (offline?.summarise ?? deps.summarise)(pick.piece, sourceName, language);
    const evidence = alsoOn.length === 0 ? pick.evidence : orderEvidence([...pick.evidence, { kind: 'alsoCarriedBy', sources: alsoOn }]);
    return { piece: pick.piece, sourceName, summary: result.summary, summarisedBy: result.summarisedBy, reason: m.reason(evidence), alsoOn };
  }));
  const left: PassedPiece[] = await Promise.all([
    ...passed.slice(0, PASSED_KEPT).map((p) => ({ piece: p.piece, reason: p.reason })),
    ...filteredOut.slice(0, FILTERED_KEPT),
  ].map(async (p) => ({ pieceId: p.piece.id, title: p.piece.title, sourceName: await nameOf(p.piece.sourceId), url: p.piece.url, reason: p.reason })));

  const digest = assembleDigest({
    channelId: channel.id,
    edition: options.edition,
    name: config.name,
    timeZone: channel.settings.timezone,
    language,
    now,
    pieces: summarised,
    passed: left,
    checked: fresh.length,
    ...(offline === undefined ? {} : { offlineReason: offline.reason }),
  });
  deps.logger.debug({ channel: channel.id, pieces: digest.pieces.length, candidates: candidates.length, passed: passed.length, filtered: filteredOut.length }, 'digest built');
  return digest;
}

/** Names of the other sources that carried a piece (crossposts dedupe folded into it), distinct, in order. */
async function crosspostSources(store: Store, pieceId: string, ownSourceId: string, nameOf: (sourceId: string) => Promise<string>): Promise<string[]> {
  const occurrences = await store.listOccurrences(pieceId);
  const ids = [...new Set(occurrences.map((o) => o.sourceId).filter((id) => id !== ownSourceId))];
  const names = await Promise.all(ids.map(nameOf));
  return [...new Set(names)];
}

async function piecesOfRecentDigests(store: Store, channelId: string): Promise<Piece[]> {
  const digests = await store.listDigests(channelId, { limit: NOVELTY_DIGESTS });
  const ids = [...new Set(digests.flatMap((d) => d.pieces.map((p) => p.pieceId)))];
  const pieces = await Promise.all(ids.map((id) => store.getPiece(id)));
  return pieces.filter((p): p is Piece => p !== undefined);
}
