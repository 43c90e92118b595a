import type { DoctorCheck } from '../../src/doctor/checklist.ts';
import { checkDiscordToken } from './check-discord-token.ts';

/** `digest doctor`'s Discord line: the bot token against GET /users/@me. */
export function discordDoctorChecks(options: { token: string; apiUrl?: string }): DoctorCheck[] {
  return [{
    name: 'discord token',
    async run() {
      // A PlatformConnectError thrown here becomes a failed line with its hint as the fix.
      const user = await checkDiscordToken({ token: options.token, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }) });
      return { status: 'pass', detail: `DISCORD_TOKEN accepted: bot ${user.username} (${user.id})` };
    },
  }];
}
