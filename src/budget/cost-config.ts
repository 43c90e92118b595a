import { z } from 'zod';

/**
 * The `cost:` section of the config file: the default monthly LLM token budget of every workspace and the
 * `/digest ask` limits. Defaults and their reasons are in docs/operations.md.
 */
export const costConfigSchema = z.strictObject({
  /** Tokens (prompt + completion) a workspace may use per calendar month (UTC); null: no budget. */
  monthlyTokenBudget: z.number().int().min(0).max(1e12).nullable().default(null),
  /** Share of the budget at which admins are warned. */
  warnAtRatio: z.number().gt(0).lt(1).default(0.8),
  ask: z.strictObject({
    /** Questions that need the LLM (cached answers are free) one member may ask per hour. */
    perMemberPerHour: z.number().int().min(1).max(10_000).default(10),
    /** The same, for everyone in one channel together. */
    perChannelPerHour: z.number().int().min(1).max(100_000).default(60),
  }).prefault({}),
}).prefault({});

export type CostConfig = z.infer<typeof costConfigSchema>;
