/**
 * Base of every error the user may see. `message` says what went wrong; `hint` says how to fix it.
 * Code that catches a DigestError can show both without a stack trace.
 */
export class DigestError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** The configuration (file or environment) is invalid; `problems` holds one line per problem. */
export class ConfigError extends DigestError {
  readonly problems: string[];
  constructor(problems: string[], hint?: string) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`, hint === undefined ? undefined : { hint });
    this.problems = problems;
  }
}
