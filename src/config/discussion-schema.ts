import { z } from 'zod';

/** Reader discussion (docs/discussion.md): when discussion digests are posted, and how reactions feed selection. */
export const discussionConfigSchema = z.strictObject({
  /** Hours after a digest is delivered that each piece's discussion digest is posted; a channel may set its own. */
  delayHours: z.number().int().min(1).max(24 * 30).default(48),
  /** Digests delivered longer ago than this get no discussion digest. */
  maxAgeDays: z.number().int().min(1).max(90).default(14),
  /** How often the bot looks for discussions that are due. */
  checkEveryMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** Read the public comments a piece's source publishes (wfw:commentRss, Atom replies links). */
  sourceComments: z.boolean().default(true),
  feedback: z.strictObject({
    /** A vote counts half as much after this many days. */
    halfLifeDays: z.number().min(1).max(365).default(21),
    /** Votes older than this are not read at all. */
    windowDays: z.number().int().min(1).max(730).default(120),
    /** The largest share by which votes may raise or lower a piece's score. */
    maxShift: z.number().min(0).max(1).default(0.2),
    /** Neutral pseudo-votes a source or topic starts with, so one vote cannot dominate. */
    priorVotes: z.number().min(0.5).max(100).default(4),
  }).prefault({}),
});

export type DiscussionConfig = z.infer<typeof discussionConfigSchema>;
