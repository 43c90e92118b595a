/**
 * Stable codes of every error the user may see. Code (tests, the CLI's exit status, logs) keys on these, never on
 * the message text, which may be reworded.
 * - `config-invalid`: the config file or environment is invalid (ConfigError).
 * - `usage`: wrong command-line arguments.
 * - `invalid-input`: a value typed in chat or the CLI is not acceptable (a cron, a language, a feed location…).
 * - `not-found`: no such source, channel or digest among what the caller may act on.
 * - `already-exists`: adding what is already there.
 * - `managed-by-config`: the config file states this value; change it there (the error names the file and key).
 * - `feed-unreadable`: a feed could not be fetched or parsed.
 * - `feed-empty`, `feed-undecodable`, `feed-not-a-feed`, `feed-json-not-a-feed`, `feed-truncated`, `feed-no-channel`,
 *   `feed-malformed`: a fetched document was refused as a feed, and why (FeedParseError; docs/ingest.md).
 * - `no-source-read`: every source of an ingest failed, so nothing could be read.
 * - `nothing-to-post`: there was no digest to post.
 * - `store-unavailable`: the database cannot be opened or reached.
 * - `migration-failed`: a schema migration failed.
 * - `llm-unavailable`: the language model could not answer.
 * - `delivery-failed`: a platform refused a delivery step (DeliveryError, which adds a `reason`).
 * - `platform-token-rejected`: Discord or Slack refused a token; the error names the variable (PlatformConnectError).
 * - `platform-refused`: Discord or Slack refused to connect for another reason retrying cannot fix (PlatformConnectError).
 * - `platform-unavailable`: Discord or Slack is unreachable, failing (5xx) or rate-limiting; retried (PlatformConnectError).
 * - `failed`: any other failure of the job.
 */
export type DigestErrorCode =
  | 'config-invalid'
  | 'usage'
  | 'invalid-input'
  | 'not-found'
  | 'already-exists'
  | 'managed-by-config'
  | 'feed-unreadable'
  | 'feed-empty'
  | 'feed-undecodable'
  | 'feed-not-a-feed'
  | 'feed-json-not-a-feed'
  | 'feed-truncated'
  | 'feed-no-channel'
  | 'feed-malformed'
  | 'no-source-read'
  | 'nothing-to-post'
  | 'store-unavailable'
  | 'migration-failed'
  | 'llm-unavailable'
  | 'delivery-failed'
  | 'platform-token-rejected'
  | 'platform-refused'
  | 'platform-unavailable'
  | 'failed';

/** Codes that mean the caller's input is what is wrong (the CLI exits 2 for them, 1 for the rest). */
export const INPUT_ERROR_CODES: ReadonlySet<DigestErrorCode> = new Set(['config-invalid', 'usage', 'invalid-input', 'not-found', 'already-exists', 'managed-by-config', 'platform-token-rejected', 'platform-refused']);

/**
 * Base of every error the user may see. `message` says what went wrong; `hint` says how to fix it; `code` is
 * stable. Code that catches a DigestError can show message and hint without a stack trace.
 */
export class DigestError extends Error {
  readonly code: DigestErrorCode;
  readonly hint: string | undefined;
  constructor(message: string, options?: { code?: DigestErrorCode; hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? 'failed';
    this.hint = options?.hint;
  }
}

/** The configuration (file or environment) is invalid; `problems` holds one line per problem. */
export class ConfigError extends DigestError {
  readonly problems: string[];
  constructor(problems: string[], hint?: string) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`, { code: 'config-invalid', ...(hint === undefined ? {} : { hint }) });
    this.problems = problems;
  }
}
