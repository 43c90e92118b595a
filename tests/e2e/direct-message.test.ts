import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { Store } from '../../src/store/store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { buildCommandInteraction, startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.ts';
import { servicesFor, startSlack } from './slack/slack-harness.ts';
import { captureLogger, GUILD_ID, GUILDS } from './discord/discord-harness.ts';

const DM_CHANNEL = '750000000000000001';

/** The same slash command as Discord sends it from a DM with the bot: no guild, no member, a DM channel (type 1). */
function dmInteraction(fake: FakeDiscord, path: string, token: string, options: { name: string; type: number; value: number }[] = []): Record<string, unknown> {
  const [group, subcommand] = path.includes(' ') ? path.split(' ') as [string, string] : [undefined, path];
  const payload = buildCommandInteraction({ applicationId: fake.applicationId, guildId: GUILD_ID, channelId: DM_CHANNEL, token, subcommand, options, ...(group === undefined ? {} : { group }) });
  const { guild_id: _guild, member, authorizing_integration_owners: _owners, ...rest } = payload as Record<string, unknown> & { member: { user: unknown } };
  return { ...rest, user: member.user, channel: { id: DM_CHANNEL, type: 1, recipients: [member.user] }, context: 1, authorizing_integration_owners: { '1': '600000000000000001' } };
}

describe('a /digest command in a direct message', () => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter | undefined;

  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    store = await createSqliteStore({ path: ':memory:' });
    adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, guildIds: [GUILD_ID], services: servicesFor(store), logger: captureLogger().logger });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter?.stop();
    await fake.close();
    await store.close();
  });

  const answer = async (subcommand: string, options: { name: string; type: number; value: number }[] = []): Promise<string> => {
    const token = `dm-${subcommand.replace(' ', '-')}-${Math.random().toString(36).slice(2)}`;
    fake.dispatchInteraction(dmInteraction(fake, subcommand, token, options));
    const call = await fake.waitForCall((c) => c.path.endsWith(`/${token}/callback`));
    return (call.body as { data: { content: string } }).data.content;
  };

  it('is answered without creating a channel row (help, latest, piece N), and an admin command is refused without one too', async () => {
    expect(await answer('help')).toMatch(/\/digest/);
    expect(await answer('latest')).toMatch(/no digest/i);
    expect(await answer('piece', [{ name: 'n', type: 4, value: 1 }])).toMatch(/no digest/i);
    expect(await answer('settings pieces', [{ name: 'count', type: 4, value: 3 }])).toMatch(/admins only/);
    expect(await store.listChannels()).toEqual([]);
  });
});

describe('a /digest command in a Slack direct message', () => {
  it('is answered without creating a channel row', async () => {
    const store = await createSqliteStore({ path: ':memory:' });
    const slack = await startSlack({ services: servicesFor(store) });
    try {
      const { id } = await slack.slash({ text: 'latest', channel: 'D0DIRECT' });
      expect(JSON.stringify((await slack.fake.waitForResponse(id)).body)).toMatch(/no digest/i);
      expect(await store.listChannels()).toEqual([]);
    } finally {
      await slack.close();
      await store.close();
    }
  });
});
