import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { channelIdOf } from '../../../src/domain/channel.ts';
import type { Store } from '../../../src/store/store.ts';
import { testServices } from '../../bot/test-bot.ts';
import { buildCommandInteraction, startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { describeOnEveryStore } from '../../store/every-store.ts';
import { captureLogger, CHANNEL_A, GUILD_ID, GUILDS, refOf } from './discord-harness.ts';

const MANAGE_GUILD = '32';
const GUILD_B = '800000000000000002';
const CHANNEL_IN_B = '700000000000000009';
const PRIVATE_URL = 'https://private.guild-a.example/feed.xml';

interface Answer {
  content: string;
  flags: number;
}

describeOnEveryStore("Discord: an admin of server B cannot reach server A's subscriptions", (makeStore) => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter;
  let counter = 0;

  /** Runs /digest as a Manage Server member of a guild and returns the interaction's answer. */
  const run = async (guildId: string, channelId: string, input: { group?: string; subcommand: string; options?: { name: string; type: number; value: string }[] }): Promise<Answer> => {
    const token = `tok-cross-${++counter}`;
    fake.dispatchInteraction(buildCommandInteraction({ applicationId: fake.applicationId, guildId, channelId, token, permissions: MANAGE_GUILD, ...input }));
    const first = await fake.waitForCall((c) => c.path.endsWith(`/${token}/callback`));
    const body = first.body as { type: number; data: Answer };
    if (body.type !== 5) return body.data;
    // A deferred (slow) command answers by editing the original reply.
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`));
    return { ...(edit.body as Answer), flags: body.data.flags };
  };
  const string = (name: string, value: string) => ({ name, type: 3, value });

  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: [...GUILDS, { id: GUILD_B, name: 'Other team', channels: [{ id: CHANNEL_IN_B, name: 'digest', type: 0 }] }] });
    store = await makeStore();
    const { services } = testServices(store, { probe: () => ({ ok: true, title: 'Guild A private notes', itemCount: 2 }) });
    adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, guildIds: [GUILD_ID, GUILD_B], services, logger: captureLogger().logger });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.close();
    await store.close();
  });

  it("B can neither list, pause, resume, update nor remove A's subscription, and no answer shows A's id or URL", async () => {
    const added = await run(GUILD_ID, CHANNEL_A, { group: 'sources', subcommand: 'add', options: [string('url', PRIVATE_URL)] });
    expect(added.content).toContain('Added');
    const [mine] = await store.listSubscriptions({ channelIds: [channelIdOf(refOf(CHANNEL_A))] });
    const id = mine!.id;

    const answers: Answer[] = [
      await run(GUILD_B, CHANNEL_IN_B, { group: 'sources', subcommand: 'list' }),
      await run(GUILD_B, CHANNEL_IN_B, { group: 'sources', subcommand: 'list', options: [string('where', 'workspace')] }),
    ];
    for (const typed of [id, id.slice(0, 2)]) {
      for (const subcommand of ['pause', 'resume', 'remove']) answers.push(await run(GUILD_B, CHANNEL_IN_B, { group: 'sources', subcommand, options: [string('id', typed)] }));
      answers.push(await run(GUILD_B, CHANNEL_IN_B, { group: 'sources', subcommand: 'set', options: [string('id', typed), string('setting', 'weight'), string('value', '9')] }));
    }
    for (const answer of answers) {
      expect(answer.flags & 64).toBe(64);
      expect(answer.content.replaceAll(`\`${id}\``, '<typed>')).not.toContain(id);
      expect(answer.content).not.toContain(PRIVATE_URL);
      expect(answer.content).not.toContain('private notes');
    }
    expect(answers.slice(2).every((a) => /no source with id/.test(a.content))).toBe(true);
    expect(await store.getSubscription(id)).toMatchObject({ channelId: channelIdOf(refOf(CHANNEL_A)), paused: false, weight: 1 });
  });
});
