import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { Channel } from '../../../src/domain/channel.ts';
import type { Digest } from '../../../src/domain/digest.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { INTENTS, messageText, startFakeDiscord, type FakeDiscord, type FakeUser } from '../../fakes/discord-api.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../fakes/openai-server.ts';
import { makeDigest } from '../../deliver/delivery-harness.ts';
import { makePiece } from '../../select/piece-factory.ts';
import { insertPieces } from '../../store/seed-pieces.ts';
import { captureLogger, CHANNEL_A, GUILD_ID, GUILDS } from '../discord/discord-harness.ts';
import { bareServices, discussionFor, SETTINGS } from './discussion-e2e.ts';

const now = () => new Date('2026-03-30T10:00:00.000Z');
const ada: FakeUser = { id: '600000000000000011', username: 'ada' };
const sam: FakeUser = { id: '600000000000000012', username: 'sam' };

interface Running {
  fake: FakeDiscord;
  store: Store;
  adapter: DiscordAdapter;
  channel: Channel;
  digest: Digest;
  thread: string;
  pieceMessages: string[];
  discussion: ReturnType<typeof discussionFor>;
  contentReports: [boolean, string[]][];
  llm?: FakeOpenAiServer;
  lines: Record<string, unknown>[];
}

/** The real adapter on a fake Discord, a digest delivered to channel A through it, the discussion service listening. */
async function start(options: { messageContent: boolean; llm?: boolean }): Promise<Running> {
  const fake = await startFakeDiscord({ guilds: GUILDS, privilegedIntents: { messageContent: options.messageContent } });
  const store = await createSqliteStore({ path: ':memory:' });
  const llm = options.llm === true ? await startFakeOpenAiServer() : undefined;
  const { logger, lines } = captureLogger();
  const discussion = discussionFor(store, { now, logger, llm: llm === undefined ? null : { baseURL: llm.baseURL, apiKey: 'k', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0 } });
  const contentReports: [boolean, string[]][] = [];
  const adapter = createDiscordAdapter({
    token: fake.token,
    apiUrl: fake.apiUrl,
    services: bareServices(store, now),
    logger,
    discussion: { onEvent: discussion.onEvent, onMessageContent: (available, guilds) => contentReports.push([available, guilds]) },
  });
  await adapter.start();
  discussion.service.attach('discord', adapter.replyPoster);
  const channel = await store.ensureChannel({ platform: 'discord', workspaceId: GUILD_ID, channelId: CHANNEL_A }, SETTINGS);
  const digest = makeDigest(channel, '2026-03-30T08:00:00.000Z');
  const { source } = await store.addSource({ url: 'https://feeds.example/gradient.xml', name: 'The Gradient' });
  await insertPieces(store, ...digest.pieces.map((p) => makePiece({ id: p.pieceId, sourceId: source.id, title: p.title, contentText: `Summary ${p.position}. The study reports its findings.` })));
  const outcome = await deliverDigest({ store, poster: adapter.poster, channel, digest, holder: 'e2e', now, logger });
  if (outcome.status !== 'delivered') throw new Error(`delivery failed: ${JSON.stringify(outcome)}`);
  const thread = [...fake.threads.values()].find((t) => t.parentId === CHANNEL_A)!.id;
  return { fake, store, adapter, channel, digest, thread, pieceMessages: fake.messagesIn(thread).map((m) => m.id), discussion, contentReports, lines, ...(llm === undefined ? {} : { llm }) };
}

describe('reader discussion on Discord (real discord.js against the fake gateway)', () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.adapter.stop();
    await running?.fake.close();
    await running?.llm?.close();
    await running?.store.close();
    running = undefined;
  });

  it('asks for guild messages, message content and reactions, and stores the replies under each piece', async () => {
    running = await start({ messageContent: true });
    const { fake, store, thread, pieceMessages, discussion, channel, digest } = running;
    expect(running.contentReports).toEqual([[true, [GUILD_ID]]]);
    const intents = fake.sessionIntents().at(-1)!;
    expect(intents & INTENTS.guildMessages).toBeTruthy();
    expect(intents & INTENTS.messageContent).toBeTruthy();
    expect(intents & INTENTS.guildMessageReactions).toBeTruthy();

    const reply = fake.postAsUser({ channelId: thread, author: ada, content: 'Did you try an answer-only SFT baseline?', replyTo: pieceMessages[1]! });
    fake.postAsUser({ channelId: thread, author: sam, content: '3. The ablation needs a matched control.' });
    // Elsewhere in the guild: not under a digest, never kept.
    fake.postAsUser({ channelId: '700000000000000002', author: sam, content: 'Unrelated chat in #papers' });
    fake.editAsUser(thread, reply.id, 'Did you try an answer-only SFT baseline, with the same budget?');
    await discussion.handled(4);
    const stored = await store.discussion.listThreadComments(channel.id, digest.id);
    expect(stored.map((c) => [c.position, c.authorName, c.text])).toEqual([
      [2, 'ada', 'Did you try an answer-only SFT baseline, with the same budget?'],
      [3, 'sam', '3. The ablation needs a matched control.'],
    ]);
    expect(stored[0]!.permalink).toBe(`https://discord.com/channels/${GUILD_ID}/${thread}/${reply.id}`);
    fake.deleteAsUser(thread, reply.id);
    await discussion.handled(5);
    expect((await store.discussion.listThreadComments(channel.id, digest.id)).map((c) => c.authorName)).toEqual(['sam']);
  });

  it('counts 👍/👎 on piece messages as removable votes and 🔖 as a save with a DM copy', async () => {
    running = await start({ messageContent: true });
    const { fake, store, thread, pieceMessages, discussion, channel } = running;
    fake.react({ channelId: thread, messageId: pieceMessages[0]!, user: ada, emoji: '👍🏽' });
    fake.react({ channelId: thread, messageId: pieceMessages[0]!, user: sam, emoji: '👎' });
    fake.react({ channelId: thread, messageId: pieceMessages[0]!, user: sam, emoji: '👎', remove: true });
    fake.react({ channelId: thread, messageId: pieceMessages[2]!, user: ada, emoji: '🔖' });
    await discussion.handled(4);
    expect((await store.feedback.listVotes(channel.id, new Date(0))).map((v) => [v.pieceId, v.memberId, v.kind])).toEqual([['p1', ada.id, 'up']]);
    expect((await store.feedback.listSaved(`discord:${GUILD_ID}:${ada.id}`, 10)).map((s) => s.title)).toEqual(['Piece 3']);
    const dm = fake.dmChannels.get(ada.id)!;
    expect(fake.messagesIn(dm).map((m) => m.content).join('\n')).toContain('Saved: [Piece 3](<https://example.org/3>)');
  });

  it('answers a mention in the thread, in that thread only, under the question', async () => {
    running = await start({ messageContent: true, llm: true });
    const { fake, thread, pieceMessages, discussion, llm } = running;
    llm!.enqueue({ kind: 'json', body: { answered: true, answer: 'The summary says so.', quote: 'Summary 2.' } });
    const before = new Map([...fake.messages].map(([id, list]) => [id, list.length]));
    const bot: FakeUser = { id: fake.botUserId, username: 'digest-bot', bot: true };
    const question = fake.postAsUser({ channelId: thread, author: sam, content: `<@${fake.botUserId}> what does it find?`, replyTo: pieceMessages[1]!, mentions: [bot] });
    await discussion.handled(1);
    const added = [...fake.messages].flatMap(([id, list]) => list.slice(before.get(id) ?? 0).map((m) => ({ where: id, m })));
    const fromBot = added.filter((a) => a.m.author === undefined);
    expect(fromBot).toHaveLength(1);
    expect(fromBot[0]!.where).toBe(thread);
    expect(fromBot[0]!.m.message_reference).toEqual({ message_id: question.id });
    expect(messageText(fromBot[0]!.m)).toContain('**A:** The summary says so.');
    // Nothing in the channel itself, no new thread, no DM.
    expect(fake.messagesIn(CHANNEL_A)).toHaveLength(1);
    expect(fake.threads.size).toBe(1);
    expect(fake.dmChannels.size).toBe(0);
    expect((fromBot[0]!.m.allowed_mentions as { parse: unknown[] }).parse).toEqual([]);
  });

  it('without the Message Content intent: Discord closes with 4014, the bot reconnects without it, reads mentions and reactions only, and says so', async () => {
    running = await start({ messageContent: false });
    const { fake, store, thread, pieceMessages, discussion, channel, digest, adapter, contentReports } = running;
    expect(fake.closeCodes).toEqual([4014]);
    expect(fake.sessionIntents().at(-1)! & INTENTS.messageContent).toBe(0);
    expect(adapter.readsMessageContent).toBe(false);
    expect(contentReports).toEqual([[false, [GUILD_ID]]]);
    expect(adapter.health().detail).toMatch(/mentions and reactions only/);

    fake.postAsUser({ channelId: thread, author: ada, content: 'A plain reply the bot cannot read', replyTo: pieceMessages[0]! });
    const bot: FakeUser = { id: fake.botUserId, username: 'digest-bot', bot: true };
    fake.postAsUser({ channelId: thread, author: sam, content: `<@${fake.botUserId}> is the probe linear?`, replyTo: pieceMessages[0]!, mentions: [bot] });
    fake.react({ channelId: thread, messageId: pieceMessages[0]!, user: ada, emoji: '👍' });
    await discussion.handled(3);
    expect((await store.discussion.listThreadComments(channel.id, digest.id)).map((c) => c.authorName)).toEqual(['sam']);
    expect(await store.feedback.listVotes(channel.id, new Date(0))).toHaveLength(1);
  });
});
