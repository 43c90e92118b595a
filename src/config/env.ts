import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives these values as arguments,
 * so library code stays testable and a secret can only enter through here.
 */
const envSchema = z.object({
  DIGEST_CONFIG: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^(postgres(ql)?|sqlite|file):/, 'must start with postgres://, postgresql://, sqlite: or file:').optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  /** A Discord REST proxy or compatible API (e.g. a shared rate-limit proxy); discord.com when unset. */
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }).optional(),
  /** Slack's Web API base, e.g. https://slack-gov.com/api/ for GovSlack; slack.com when unset. */
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NO_COLOR: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the bot reads (deployment files are checked against this list). */
export const ENV_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** Names of env variables holding secrets; the logger redacts them wherever they appear. */
export const SECRET_ENV_NAMES = ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'OPENAI_API_KEY', 'DATABASE_URL'] as const;

/** Empty strings count as unset, as in most deployment tools. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): z.ZodSafeParseResult<Env> {
  const picked: Record<string, string> = {};
  for (const key of ENV_NAMES) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  return envSchema.safeParse(picked);
}
