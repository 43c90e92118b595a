import type { CostConfig } from '../budget/cost-config.ts';
import { createAskUnderCost } from '../budget/guarded-ask.ts';
import { attributeUsage } from '../budget/usage-scope.ts';
import { createBudgetGuard } from '../budget/workspace-budget.ts';
import type { DiscussionConfig } from '../config/discussion-schema.ts';
import type { Channel, Platform } from '../domain/channel.ts';
import type { DiscussionSettings, SavedPiece, SourceComment } from '../domain/discussion.ts';
import type { Digest } from '../domain/digest.ts';
import type { Piece } from '../domain/piece.ts';
import type { LlmUsage } from '../domain/summary.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { createPieceQa } from '../summarise/ask-piece.ts';
import { createDiscussionDigests, type DiscussOutcome } from './discussion-digests.ts';
import { postDueDiscussions, type DueReport } from './discussion-timer.ts';
import { createLlmDiscussion } from './llm-discussion.ts';
import { createThreadEventRecorder, type RecordOutcome } from './record-thread-event.ts';
import { resumeSidePosts } from './side-post.ts';
import { createDiscussionSummariser } from './summarise-discussion.ts';
import { createThreadAnswerer } from './thread-answer.ts';
import type { EventScope, ThreadEvent } from './thread-events.ts';
import { threadReply, type ThreadReplyPoster } from './thread-reply.ts';

/** The discussion as chat commands see it. */
export interface DiscussionCommands {
  /** Posts piece `position`'s discussion digest under it (once), or says why not. */
  discuss(channel: Channel, digest: Digest, position: number): Promise<DiscussOutcome>;
  settings(channelId: string): Promise<DiscussionSettings>;
  updateSettings(channelId: string, patch: Partial<DiscussionSettings>): Promise<DiscussionSettings>;
  /** A member's saved pieces (`${platform}:${workspaceId}:${userId}`), newest first. */
  saved(memberKey: string, limit: number): Promise<SavedPiece[]>;
  /** Hours after delivery discussion digests are due where a channel set none. */
  defaultDelayHours: number;
}

/** Where the LLM is, when one is configured. */
export interface DiscussionLlm {
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface DiscussionServiceOptions {
  store: Store;
  config: DiscussionConfig;
  /** The budget and the ask limits: the config's `cost:` section, as `/digest ask` has them. */
  cost: CostConfig;
  llm: DiscussionLlm | null;
  /** Records one LLM call's usage (the workspace is filled in from the work it was made for). */
  recordUsage: (usage: LlmUsage) => void;
  /** The source's public comments on a piece, when the config reads them. */
  sourceComments?: (piece: Piece) => Promise<SourceComment[]>;
  holder: string;
  now: () => Date;
  logger: Logger;
}

/** Version of the thread answers' cache key (the grounding text includes the discussion). */
const THREAD_ASK_PROMPT_VERSION = 'thread-ask-v1';

/**
 * Reader discussion, wired: the recorder adapters hand thread events to, the answerer for mentions, the
 * discussion digests, and the sweep the runtime calls (resume pending replies, post what is due). Adapters attach
 * their reply posters once connected.
 */
export function createDiscussionService(options: DiscussionServiceOptions) {
  const { store, logger } = options;
  const { cost } = options;
  const posters = new Map<Platform, ThreadReplyPoster>();
  const posterFor = (channel: Channel) => posters.get(channel.ref.platform);
  const record = attributeUsage(options.recordUsage);
  const usage = (purpose: LlmUsage['purpose'], model: string) => (u: { promptTokens: number; completionTokens: number }) =>
    record({ at: options.now(), purpose, model, contentHash: null, promptTokens: u.promptTokens, completionTokens: u.completionTokens });
  const budget = createBudgetGuard({ store, defaultMonthlyTokens: cost.monthlyTokenBudget, warnAtRatio: cost.warnAtRatio, now: options.now });

  const llm = options.llm;
  const summarise = createDiscussionSummariser({
    llm: llm === null ? null : createLlmDiscussion({ ...llm, logger, onUsage: usage('discussion', llm.model) }),
    model: llm?.model ?? 'offline',
    cache: store.askAnswers,
    budget,
    now: options.now,
    logger,
  });
  const ask = llm === null ? null : createAskUnderCost({
    ask: createPieceQa({ ...llm, logger, onUsage: (u) => usage('ask', llm.model)(u) }),
    cache: store.askAnswers,
    model: llm.model,
    promptVersion: THREAD_ASK_PROMPT_VERSION,
    limits: cost.ask,
    budget,
    now: options.now,
  });

  const common = { store, posterFor, holder: options.holder, now: options.now, logger };
  const digests = createDiscussionDigests({ ...common, summarise, ...(options.config.sourceComments && options.sourceComments !== undefined ? { sourceComments: options.sourceComments } : {}) });
  const answerer = createThreadAnswerer({ ...common, ask });

  const sendSavedCopy = async (saved: SavedPiece, scope: EventScope): Promise<void> => {
    const poster = posters.get(scope.platform);
    if (poster === undefined) return;
    const userId = saved.memberKey.slice(`${scope.platform}:${scope.workspaceId}:`.length);
    const outcome = await poster.sendDirect({ workspaceId: scope.workspaceId, userId }, threadReply([
      { kind: 'line', parts: ['🔖 Saved: ', { link: saved.url, label: saved.title }] },
      { kind: 'note', text: 'Your saved pieces: /digest saved. Remove the 🔖 reaction to unsave.' },
    ]));
    if (outcome === 'not-allowed') logger.info({ platform: scope.platform }, 'the member does not accept direct messages from the bot; saved without a copy');
  };

  // Answers and copies run beside the event stream, so one slow LLM call never holds up the replies and reactions
  // behind it; `idle` waits for them (shutdown, tests).
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    const settled = work.catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'a reply under a digest failed')).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const recordEvent = createThreadEventRecorder({
    store,
    now: options.now,
    logger,
    onQuestion: async (question) => track(answerer.answer(question)),
    onSaved: async (saved, scope) => track(sendSavedCopy(saved, scope)),
  });

  return {
    digests,
    answerer,
    attach(platform: Platform, poster: ThreadReplyPoster): void {
      posters.set(platform, poster);
    },
    /** What adapters call for every message and reaction they see; never throws. */
    async handleEvent(event: ThreadEvent): Promise<RecordOutcome | undefined> {
      try {
        return await recordEvent(event);
      } catch (error) {
        logger.warn({ platform: event.scope.platform, kind: event.kind, err: error instanceof Error ? error.message : String(error) }, 'could not record a thread event');
        return undefined;
      }
    },
    /** What `/digest discussion`, `/digest saved` and `/digest settings discussion|feedback` use. */
    commands(): DiscussionCommands {
      return {
        discuss: (channel, digest, position) => digests.post(channel, digest, position),
        settings: (channelId) => store.discussion.getDiscussionSettings(channelId),
        updateSettings: (channelId, patch) => store.discussion.updateDiscussionSettings(channelId, patch, options.now()),
        saved: (memberKey, limit) => store.feedback.listSaved(memberKey, limit),
        defaultDelayHours: options.config.delayHours,
      };
    },
    /** Resolves once every answer and copy under way has finished. */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    /** One sweep: pending replies resumed, then due discussion digests posted. */
    async sweep(): Promise<DueReport[]> {
      await resumeSidePosts({
        ...common,
        posterFor,
        rebuild: (channel, digest, post) => (post.kind === 'discussion' ? digests.rebuild(channel, digest, post.position) : answerer.rebuild(channel, digest, post.messageId)),
      });
      return postDueDiscussions({ store, discussions: digests, now: options.now, logger, defaultDelayHours: options.config.delayHours, maxAgeDays: options.config.maxAgeDays });
    },
  };
}

export type DiscussionService = ReturnType<typeof createDiscussionService>;
