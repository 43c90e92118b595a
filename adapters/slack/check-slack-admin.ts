import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/log/logger.ts';

export interface SlackAdminCheckOptions {
  client: WebClient;
  /** User ids treated as admins whatever their workspace role. */
  admins: readonly string[];
  logger: Logger;
}

/**
 * Whether a user may run admin commands: on the allowlist, or a workspace admin or owner per users.info.
 * Asked at run time, so a promotion or demotion applies to the next command. A failed lookup denies.
 */
export function createSlackAdminCheck(options: SlackAdminCheckOptions): (userId: string) => Promise<boolean> {
  const allowlist = new Set(options.admins);
  return async (userId) => {
    if (allowlist.has(userId)) return true;
    try {
      const result = await options.client.users.info({ user: userId });
      return result.user?.is_admin === true || result.user?.is_owner === true || result.user?.is_primary_owner === true;
    } catch (error) {
      options.logger.warn({ err: error, userId }, 'could not look up a Slack user for an admin check (does the app have users:read?); treating as not an admin');
      return false;
    }
  };
}
