import type { Platform } from '../src/domain/channel.ts';
import type { AppContext } from './compose.ts';

/** Which platforms the environment has credentials for. */
export function configuredPlatforms(app: AppContext): Platform[] {
  const env = app.loaded.env;
  const platforms: Platform[] = [];
  if (env.DISCORD_TOKEN !== undefined) platforms.push('discord');
  if (env.SLACK_BOT_TOKEN !== undefined) platforms.push('slack');
  return platforms;
}
