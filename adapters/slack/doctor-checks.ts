import type { DoctorCheck } from '../../src/doctor/checklist.ts';
import { callSlackOnce, checkSlackBotToken } from './check-slack-token.ts';
import { manifestBotScopes } from './manifest-scopes.ts';

/**
 * `digest doctor`'s Slack lines: the bot token (auth.test) and its scopes against the manifest; the app token in socket
 * mode. A PlatformConnectError thrown here (rejected token, unreachable…) becomes a failed line with its hint as the fix.
 */
export function slackDoctorChecks(options: { botToken: string; appToken: string | undefined; mode: 'socket' | 'http'; apiUrl?: string }): DoctorCheck[] {
  const api = options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl };
  const checks: DoctorCheck[] = [{
    name: 'slack bot token',
    async run() {
      const identity = await checkSlackBotToken({ token: options.botToken, ...api });
      const who = `SLACK_BOT_TOKEN accepted: workspace ${identity.team || identity.teamId} (${identity.teamId}), bot user ${identity.userId}`;
      if (identity.scopes === undefined) return { status: 'warn', detail: `${who}; Slack did not list its scopes`, fix: 'Compare the app’s OAuth & Permissions page with the bot scopes in adapters/slack/manifest.yaml.' };
      const missing = manifestBotScopes().filter((scope) => !identity.scopes!.includes(scope));
      if (missing.length > 0) {
        return { status: 'fail', detail: `${who}, but it lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          fix: 'Add the missing bot scopes on the app’s OAuth & Permissions page (adapters/slack/manifest.yaml lists them all), then reinstall the app to the workspace.' };
      }
      return { status: 'pass', detail: `${who}, every scope the manifest asks for` };
    },
  }];
  if (options.mode === 'socket') {
    checks.push({
      name: 'slack app token',
      async run() {
        if (options.appToken === undefined) {
          return { status: 'fail', detail: 'slack.mode is socket but SLACK_APP_TOKEN is not set', fix: 'Set SLACK_APP_TOKEN (xapp-…, scope connections:write), or set slack.mode: http with SLACK_SIGNING_SECRET.' };
        }
        // Mints one Socket Mode URL that is never opened; Slack lets it expire.
        await callSlackOnce({ method: 'apps.connections.open', token: options.appToken, variable: 'SLACK_APP_TOKEN', ...api });
        return { status: 'pass', detail: 'SLACK_APP_TOKEN accepted: Socket Mode connections can be opened' };
      },
    });
  }
  return checks;
}
