import type { Channel } from '../src/domain/channel.ts';
import { channelDefaults } from '../src/pipeline/channel-defaults.ts';
import type { AppContext } from './compose.ts';
import { CONSOLE_CHANNEL_CONFIG } from './embedded-default.ts';

export const CONSOLE_REF = { platform: 'console', workspaceId: CONSOLE_CHANNEL_CONFIG.workspace, channelId: CONSOLE_CHANNEL_CONFIG.channel } as const;

/**
 * The terminal's channel. When the config does not list it, it is created on first use and reads
 * every configured source, so `digest preview` and `digest command` work with any config.
 */
export async function consoleChannel(app: AppContext): Promise<Channel> {
  const entry = app.config.channels.find((c) => c.platform === 'console' && c.workspace === CONSOLE_REF.workspaceId && c.channel === CONSOLE_REF.channelId);
  const channel = await app.store.ensureChannel(CONSOLE_REF, channelDefaults(app.config, entry));
  if ((await app.store.listChannelSources(channel.id)).length === 0) {
    for (const source of await app.store.listSources()) await app.store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: source.fullText });
  }
  return channel;
}
