import type { WorkspaceKey } from '../domain/workspace.ts';
import type { AskAnswerCache } from '../store/ports/operations.ts';
import { createCachedAsk, type AskAnswer, type AskRequest, type CachedAsk } from './ask-cache.ts';
import { createAskRateLimiter, type AskRateLimiter } from './ask-rate-limit.ts';
import { formatDay, formatTokens } from './budget-period.ts';
import type { CostConfig } from './cost-config.ts';
import { withUsageWorkspace } from './usage-scope.ts';
import type { BudgetGuard } from './workspace-budget.ts';

/** Who asks, where: the budget is the workspace's, the limits the member's and the channel's. */
export interface AskCaller {
  workspace: WorkspaceKey;
  /** Unique across workspaces, e.g. `slack:T1:U123`. */
  member: string;
  /** The stored channel id. */
  channel: string;
}

export type GuardedAskResult =
  | { kind: 'answer'; answer: AskAnswer; cached: boolean }
  | { kind: 'refused'; reason: 'rate-limited' | 'over-budget'; message: string; hint: string };

/**
 * `/digest ask` under cost control. In order: an answer already cached is served (it costs nothing, so neither
 * limit applies); a workspace whose monthly budget is spent gets no new LLM call; a member or channel over its
 * hourly allowance waits; otherwise the LLM answers, the call counted against the workspace. So however many
 * times one member asks, LLM calls stay within the member's allowance, and repeats of a question cost one call.
 */
export function createGuardedAsk(options: { cachedAsk: CachedAsk; limiter: AskRateLimiter; budget: BudgetGuard; now: () => Date }) {
  return async (caller: AskCaller, request: AskRequest): Promise<GuardedAskResult> => {
    const hit = await options.cachedAsk.lookup(request);
    if (hit !== undefined) return { kind: 'answer', answer: hit, cached: true };
    const status = await options.budget.status(caller.workspace);
    if (status.level === 'exceeded') {
      return {
        kind: 'refused',
        reason: 'over-budget',
        message: `This workspace's monthly LLM budget of ${formatTokens(status.limit ?? 0)} tokens is used up, so new questions cannot be answered until it resets on ${formatDay(status.resetsAt)}.`,
        hint: 'Questions already answered are still answered from the cache. An admin can see the usage with /digest usage and raise the budget with /digest settings budget <tokens>.',
      };
    }
    const slot = options.limiter.take({ member: caller.member, channel: caller.channel });
    if (!slot.ok) {
      const minutes = Math.max(1, Math.ceil((slot.retryAt.getTime() - options.now().getTime()) / 60_000));
      return {
        kind: 'refused',
        reason: 'rate-limited',
        message: slot.scope === 'member'
          ? `You have asked ${slot.limit} new questions in the last hour, the most one member may; try again in ${minutes} min.`
          : `This channel has asked ${slot.limit} new questions in the last hour, the most it may; try again in ${minutes} min.`,
        hint: 'Questions someone already asked about the same piece are answered at once, without counting.',
      };
    }
    try {
      return { kind: 'answer', ...(await withUsageWorkspace(caller.workspace, () => options.cachedAsk.answer(request))) };
    } catch (error) {
      // The call failed (the LLM is down): it cost nothing, so the member keeps the slot.
      slot.release();
      throw error;
    }
  };
}

export type GuardedAsk = ReturnType<typeof createGuardedAsk>;

/**
 * A question-answerer under the `cost.ask` limits as the bot runs one (`/digest ask`, questions in a thread): its
 * answers cached per piece text, question, language, model and `promptVersion`; new questions limited per member
 * and per channel each hour; the workspace's budget checked first.
 */
export function createAskUnderCost(options: {
  ask: (request: AskRequest) => Promise<AskAnswer>;
  cache: AskAnswerCache;
  model: string;
  promptVersion: string;
  limits: CostConfig['ask'];
  budget: BudgetGuard;
  now: () => Date;
}) {
  const { now } = options;
  return createGuardedAsk({
    cachedAsk: createCachedAsk({ cache: options.cache, ask: options.ask, model: options.model, promptVersion: options.promptVersion, now }),
    limiter: createAskRateLimiter({ perMember: options.limits.perMemberPerHour, perChannel: options.limits.perChannelPerHour, windowMs: 3_600_000, now }),
    budget: options.budget,
    now,
  });
}
