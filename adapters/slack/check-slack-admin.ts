import type { WebClient } from '@slack/web-api';
import { DigestError } from '../../src/errors.ts';
import type { Logger } from '../../src/log/logger.ts';
import { slackErrorCode } from './map-slack-error.ts';

/**
 * How long one users.info lookup may take. Slack wants a command answered within 3 s; the WebClient's own policy
 * retries a failing call for about 30 minutes, so the check uses a client of its own without retries and with this
 * timeout, and says it cannot tell rather than keep the user waiting.
 */
export const ADMIN_LOOKUP_TIMEOUT_MS = 2_000;

export interface SlackAdminCheckOptions {
  /** A WebClient for users.info: no retries, ADMIN_LOOKUP_TIMEOUT_MS, rate-limited calls rejected (see slack-adapter.ts). */
  client: WebClient;
  /** User ids treated as admins whatever their workspace role. */
  admins: readonly string[];
  logger: Logger;
}

/** Answers that settle the question: the user is not an admin (or not a user Slack knows here). */
const DEFINITE_NO = new Set(['user_not_found', 'user_not_visible', 'users_not_found']);

/**
 * Whether a user may run admin commands: on the allowlist, or a workspace admin or owner per users.info.
 * Asked at run time, so a promotion or demotion applies to the next command. When Slack cannot say (an outage,
 * a rate limit, a timeout, a missing scope) the check throws a DigestError the command answers with, instead
 * of either waiting on retries or treating an admin as a member.
 */
export function createSlackAdminCheck(options: SlackAdminCheckOptions): (userId: string) => Promise<boolean> {
  const allowlist = new Set(options.admins);
  return async (userId) => {
    if (allowlist.has(userId)) return true;
    try {
      const result = await options.client.users.info({ user: userId });
      return result.user?.is_admin === true || result.user?.is_owner === true || result.user?.is_primary_owner === true;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== undefined && DEFINITE_NO.has(code)) return false;
      options.logger.warn({ err: error, userId }, 'could not look up a Slack user for an admin check; the command was not run');
      if (code === 'missing_scope') {
        throw new DigestError('I cannot verify your permissions: the Slack app lacks the users:read scope, so nothing was changed.', {
          hint: 'A workspace admin can add users:read (adapters/slack/manifest.yaml) and reinstall the app.',
          cause: error,
        });
      }
      throw new DigestError('I cannot verify your permissions right now; try again in a minute. Nothing was changed.', { cause: error });
    }
  };
}
