import { afterEach, beforeEach, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import type { CommandContext } from '../../commands/invocation.ts';
import type { CommandServices } from '../../commands/services.ts';
import { channelAdmin } from '../../src/bot/actor.ts';
import type { Bot } from '../../src/bot/bot.ts';
import { channelIdOf, type ChannelRef } from '../../src/domain/channel.ts';
import type { Store } from '../../src/store/store.ts';
import { describeOnEveryStore } from '../store/every-store.ts';
import { testServices } from './test-bot.ts';

const A: ChannelRef = { platform: 'slack', workspaceId: 'TAAAA', channelId: 'CAAAA' };
const A2: ChannelRef = { platform: 'slack', workspaceId: 'TAAAA', channelId: 'CAAA2' };
const B: ChannelRef = { platform: 'slack', workspaceId: 'TBBBB', channelId: 'CBBBB' };
const PRIVATE_URL = 'https://private.a-team.example/feed.xml';

/** Every command an admin could aim at a subscription id. */
const BY_ID = (id: string) => [`sources pause ${id}`, `sources resume ${id}`, `sources remove ${id}`, `sources set ${id} weight 3`, `sources set ${id} fulltext off`, `sources set ${id} name Mine`];

describeOnEveryStore('an admin of workspace B cannot reach workspace A', (makeStore) => {
  let store: Store;
  let services: CommandServices;
  let bot: Bot;
  let aId: string;
  const as = (channel: ChannelRef): CommandContext => ({ channel, user: { id: 'U-admin', isAdmin: async () => true }, services });

  beforeEach(async () => {
    store = await makeStore();
    ({ services, bot } = testServices(store, { probe: () => ({ ok: true, title: 'A team private notes', itemCount: 3 }) }));
    const added = await dispatchText(`sources add ${PRIVATE_URL}`, as(A));
    expect(added.kind).toBe('ok');
    const [subscription] = await store.listSubscriptions({ channelIds: [channelIdOf(A)] });
    if (subscription === undefined) throw new Error('A has no subscription');
    aId = subscription.id;
    await bot.ensureChannel(B);
  });
  afterEach(async () => {
    await store.close();
  });

  const unchanged = async () => {
    const subscription = await store.getSubscription(aId);
    expect(subscription).toMatchObject({ channelId: channelIdOf(A), paused: false, weight: 1, fullText: true, nameOverride: null });
  };

  it("list, in the channel or workspace-wide, shows none of A's sources", async () => {
    for (const text of ['sources list', 'sources list workspace']) {
      const reply = await dispatchText(text, as(B));
      expect(reply.kind, text).toBe('ok');
      expect(reply.text, text).not.toContain(aId);
      expect(reply.text, text).not.toContain(PRIVATE_URL);
      expect(reply.text, text).not.toContain('private notes');
    }
    expect(await bot.sources.list(channelAdmin((await store.getChannel(channelIdOf(B)))!, { scope: 'workspace' }))).toEqual([]);
  });

  it("pause, resume, set and remove by A's id, a prefix of it or a near miss find nothing and suggest nothing of A's", async () => {
    const nearMiss = `${aId.slice(0, 7)}${aId[7] === '0' ? '1' : '0'}`;
    for (const id of [aId, aId.slice(0, 1), aId.slice(0, 4), nearMiss, aId.toUpperCase()]) {
      for (const text of BY_ID(id)) {
        const reply = await dispatchText(text, as(B));
        expect(reply.kind, text).toBe('error');
        expect(reply.code, text).toBe('not-found');
        expect(reply.text.replace(id, '<typed>'), text).not.toContain(aId);
        expect(reply.text, text).not.toContain(PRIVATE_URL);
      }
    }
    await unchanged();
  });

  it("B's own suggestions come only from B's ids", async () => {
    await dispatchText('sources add https://b-team.example/feed.xml', as(B));
    const [own] = await store.listSubscriptions({ channelIds: [channelIdOf(B)] });
    // A's id, typed by B, echoed back is only what B typed; nothing else of A's appears.
    const reply = await dispatchText(`sources pause ${aId}`, as(B));
    expect(reply.text.replace(`\`${aId}\``, '<typed>')).not.toContain(aId);
    expect(reply.text).not.toContain('Did you mean');
    const near = await dispatchText(`sources pause ${own!.id.slice(0, 7)}z`, as(B));
    expect(near.text).toContain(`Did you mean \`${own!.id}\`?`);
  });

  it("B adding the same URL gets its own subscription: nothing of A's is revealed or changed, and the feed is fetched once", async () => {
    const reply = await dispatchText(`sources add ${PRIVATE_URL}`, as(B));
    expect(reply.kind).toBe('ok');
    expect(reply.text).not.toContain(aId);
    expect(reply.text).not.toMatch(/already (known|read)/);
    const [mine] = await store.listSubscriptions({ channelIds: [channelIdOf(B)] });
    expect(mine!.id).not.toBe(aId);
    await dispatchText(`sources pause ${mine!.id}`, as(B));
    await dispatchText(`sources set ${mine!.id} weight 5`, as(B));
    await unchanged();
    expect(await store.listSources()).toHaveLength(1);
    expect((await store.listSources())[0]?.paused).toBe(false);
  });

  it("a workspace-wide list in A shows A's other channels, and never B's", async () => {
    await dispatchText('sources add https://b-team.example/feed.xml', as(B));
    await dispatchText('sources add https://a-second.example/feed.xml', as(A2));
    const reply = await dispatchText('sources list workspace', as(A));
    expect(reply.text).toContain(PRIVATE_URL);
    expect(reply.text).toContain('https://a-second.example/feed.xml');
    expect(reply.text).not.toContain('b-team');
    // Acting is still per channel: A's other channel cannot pause this one's subscription.
    expect((await dispatchText(`sources pause ${aId}`, as(A2))).code).toBe('not-found');
  });
});
