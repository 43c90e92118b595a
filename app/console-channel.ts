import { channelIdOf, type Channel } from '../src/domain/channel.ts';
import { syncDeclaredChannelById } from '../src/bot/config/sync-config.ts';
import { CONSOLE_REF } from '../src/bot/config/config-index.ts';
import type { AppContext } from './compose.ts';

export { CONSOLE_REF } from '../src/bot/config/config-index.ts';

/**
 * The terminal's channel, made on first use: it reads every configured source unless the config lists it (then what
 * the config says), like any channel the file declares.
 */
export async function consoleChannel(app: AppContext): Promise<Channel> {
  const id = channelIdOf(CONSOLE_REF);
  const stored = await app.store.getChannel(id);
  if (stored !== undefined) return stored;
  await syncDeclaredChannelById(app.store, app.index, id);
  return app.store.ensureChannel(CONSOLE_REF, app.index.defaults);
}
