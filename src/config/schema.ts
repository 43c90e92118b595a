import { z } from 'zod';
import { discussionConfigSchema } from './discussion-schema.ts';
import { webConfigSchema } from './web-schema.ts';
import { cronExpression } from '../rules/cron.ts';
import { feedLocation } from '../rules/feed-location.ts';
import { languageCode } from '../rules/language.ts';
import { ianaTimezone } from '../rules/timezone.ts';
import { costConfigSchema } from '../budget/cost-config.ts';
import { filterRulesConfig } from '../filter/filter-config.ts';

export { feedLocation } from '../rules/feed-location.ts';
export { ianaTimezone } from '../rules/timezone.ts';

export const sourceConfigSchema = z.strictObject({
  url: feedLocation,
  name: z.string().trim().min(1).max(100).optional(),
  /** Selection weight (1 is neutral); when stated, chat cannot change it for the channels this file gives the source to. */
  weight: z.number().min(0).max(10).optional(),
  /** Fetch article pages for excerpt-only items; when absent, ingest.fullText decides. */
  fullText: z.boolean().optional(),
});

export const channelConfigSchema = z.strictObject({
  platform: z.enum(['discord', 'slack', 'console']),
  /** Discord guild id or Slack team id; "local" for the console. */
  workspace: z.string().min(1),
  channel: z.string().min(1),
  pieces: z.number().int().min(1).max(10).optional(),
  interests: z.array(z.string().min(1)).optional(),
  language: languageCode.optional(),
  cron: cronExpression.optional(),
  timezone: ianaTimezone.optional(),
  adminChannel: z.string().min(1).optional(),
  /** Include/exclude rules applied before selection (`- exclude: crypto`); the file then manages this channel's filters. */
  filters: filterRulesConfig.optional(),
  /** Source URLs this channel reads; all configured sources when absent. */
  sources: z.array(feedLocation).optional(),
});

export const configSchema = z.strictObject({
  /** The digest's name, shown as "<name> — 30 March 2026". */
  name: z.string().trim().min(1).max(80).default('AI Research Digest'),
  /** Default IANA timezone for schedules and digest dates. */
  timezone: ianaTimezone.default('UTC'),
  database: z.strictObject({
    /** SQLite file used when DATABASE_URL is unset. */
    sqlitePath: z.string().min(1).default('./data/digest.db'),
  }).prefault({}),
  sources: z.array(sourceConfigSchema).default([]),
  ingest: z.strictObject({
    intervalMinutes: z.number().int().min(1).max(24 * 60).default(30),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    totalTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    maxBytes: z.number().int().min(1024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Minimum gap between two requests to the same host. */
    perHostIntervalMs: z.number().int().min(0).max(600_000).default(1_000),
    concurrency: z.number().int().min(1).max(64).default(8),
    /** Off by default: admin-added URLs must not reach loopback, private or link-local addresses. */
    allowPrivateNetworks: z.boolean().default(false),
    /** Whether a source fetches article pages when neither its config entry nor a chat command says (any source, from anywhere). */
    fullText: z.boolean().default(true),
    /** Fetch the article page when an item has fewer words than this. 0 turns full text off everywhere. */
    fullTextBelowWords: z.number().int().min(0).max(10_000).default(150),
    /** Consecutive failures after which a source is marked failing and admins are alerted. */
    failingAfter: z.number().int().min(1).max(100).default(5),
    /** Jaccard similarity (MinHash estimate) above which two pieces from different feeds are one story. */
    nearDuplicateThreshold: z.number().min(0.5).max(1).default(0.8),
    userAgent: z.string().min(1).optional(),
    // Budgets of one source's cycle and of article pages (docs/ingest.md, "Budgets"); owned by the ingest budgets work.
    /** Wall time of one source's cycle, feed and article pages together; pages not fetched by then keep the excerpt. */
    sourceCycleMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
    /** Bytes of one source's cycle, feed and article pages together. */
    sourceCycleBytes: z.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(32 * 1024 * 1024),
    /** Article-page requests of one source's cycle. */
    fullTextPerCycle: z.number().int().min(0).max(1_000).default(20),
    /** Article pages fetched at once over all sources (still one request at a time per host). */
    fullTextConcurrency: z.number().int().min(1).max(64).default(4),
    /** Bytes read of one article page; the rest is not read, and no DOM is built from more than a bounded part of it. */
    pageMaxBytes: z.number().int().min(64 * 1024).max(50 * 1024 * 1024).default(4 * 1024 * 1024),
    /** Resident memory (MB) above which full-text work is shed: items keep their feed excerpts, and the report says so. */
    memoryLimitMb: z.number().int().min(128).max(65_536).default(1_024),
  }).prefault({}),
  summariser: z.strictObject({
    /** auto: the LLM when a base URL or API key is set, else offline. */
    kind: z.enum(['auto', 'offline', 'llm']).default('auto'),
    model: z.string().min(1).default('gpt-4o-mini'),
    language: languageCode.default('en'),
    /** Article text beyond this many tokens (≈4 characters each) is cut, keeping the opening and headings. */
    maxInputTokens: z.number().int().min(200).max(200_000).default(6_000),
    concurrency: z.number().int().min(1).max(32).default(4),
    timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** Let the LLM score relevance to a channel's interests during selection. */
    relevanceScoring: z.boolean().default(false),
  }).prefault({}),
  selection: z.strictObject({
    pieces: z.number().int().min(1).max(10).default(4),
    maxPerSource: z.number().int().min(1).max(10).default(2),
    /** Recency half-life: a piece this old scores half as much for recency. */
    halfLifeHours: z.number().min(1).max(24 * 365).default(72),
    /** Only pieces fetched within this window are candidates. */
    lookbackDays: z.number().int().min(1).max(365).default(14),
    /** Pieces whose worth (0..1, docs/selection.md) is below this are never picked; 0 turns the floor off. */
    qualityFloor: z.number().min(0).max(1).default(0.4),
    /** When no piece clears the floor: post a short "nothing worth your time today" notice, or skip the edition. */
    whenNothingWorthIt: z.enum(['notice', 'skip']).default('notice'),
  }).prefault({}),
  schedule: z.strictObject({
    cron: cronExpression.default('0 9 * * 1-5'),
    /** A slot missed while the bot was down is still delivered at start-up within this window. */
    catchUpHours: z.number().min(0).max(72).default(6),
  }).prefault({}),
  channels: z.array(channelConfigSchema).default([]),
  discord: z.strictObject({
    /** Register commands per guild (instant) instead of globally (up to an hour to propagate). */
    guildIds: z.array(z.string().regex(/^\d+$/, 'is not a Discord snowflake id')).default([]),
    /** Permission an admin needs, by discord.js PermissionFlagsBits name. */
    adminPermission: z.string().default('ManageGuild'),
  }).prefault({}),
  slack: z.strictObject({
    mode: z.enum(['socket', 'http']).default('socket'),
    port: z.number().int().min(0).max(65_535).default(3000),
    /** User ids treated as admins in addition to workspace admins and owners. */
    admins: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  health: z.strictObject({
    port: z.number().int().min(0).max(65_535).nullable().default(null),
  }).prefault({}),
  web: webConfigSchema.prefault({}),
  discussion: discussionConfigSchema.prefault({}),
  /** The monthly LLM token budget per workspace and the /digest ask limits (docs/operations.md). */
  cost: costConfigSchema,
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceConfigSchema>;
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
