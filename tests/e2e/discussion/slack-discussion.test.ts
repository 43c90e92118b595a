import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { slackPermalink, slackReactionMeaning } from '../../../adapters/slack/thread-events.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { Channel } from '../../../src/domain/channel.ts';
import type { Digest } from '../../../src/domain/digest.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { makeDigest } from '../../deliver/delivery-harness.ts';
import { messageText, startFakeSlack, type EventCallback, type FakeSlack } from '../../fakes/slack-api.ts';
import { startFakeSocketMode, type FakeSocketMode } from '../../fakes/slack-socket-mode.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../fakes/openai-server.ts';
import { makePiece } from '../../select/piece-factory.ts';
import { insertPieces } from '../../store/seed-pieces.ts';
import { captureLogger, CHANNEL_A } from '../slack/slack-harness.ts';
import { bareServices, discussionFor, SETTINGS } from './discussion-e2e.ts';

const SECRET = 'discussion-signing-secret';
const now = () => new Date('2026-03-30T10:00:00.000Z');

interface Running {
  fake: FakeSlack;
  socket?: FakeSocketMode;
  adapter: SlackAdapter;
  store: Store;
  channel: Channel;
  digest: Digest;
  header: string;
  pieceTs: string[];
  discussion: ReturnType<typeof discussionFor>;
  llm: FakeOpenAiServer;
  lines: Record<string, unknown>[];
  /** Delivers an event callback the way this mode does: an events_api envelope, or a signed POST. */
  send(callback: EventCallback): Promise<void>;
  close(): Promise<void>;
}

async function start(mode: 'socket' | 'http'): Promise<Running> {
  const socket = mode === 'socket' ? await startFakeSocketMode() : undefined;
  const fake = await startFakeSlack({ users: [{ id: 'U0ADA', name: 'ada' }, { id: 'U0SAM', name: 'sam' }], ...(socket === undefined ? {} : { socketMode: socket }) });
  const store = await createSqliteStore({ path: ':memory:' });
  const llm = await startFakeOpenAiServer();
  const { logger, lines } = captureLogger();
  const discussion = discussionFor(store, { now, logger, llm: { baseURL: llm.baseURL, apiKey: 'k', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0 } });
  const adapter = createSlackAdapter({
    mode,
    botToken: fake.botToken,
    port: 0,
    host: '127.0.0.1',
    admins: [],
    services: bareServices(store, now),
    logger,
    ...(socket === undefined ? { signingSecret: SECRET } : { appToken: socket.appToken }),
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    discussion: { onEvent: discussion.onEvent },
  });
  await adapter.start();
  if (socket !== undefined) await socket.waitForConnection();
  discussion.service.attach('slack', adapter.replyPoster);
  const channel = await store.ensureChannel({ platform: 'slack', workspaceId: fake.teamId, channelId: CHANNEL_A }, SETTINGS);
  const digest = makeDigest(channel, '2026-03-30T08:00:00.000Z');
  const { source } = await store.addSource({ url: 'https://feeds.example/gradient.xml', name: 'The Gradient' });
  await insertPieces(store, ...digest.pieces.map((p) => makePiece({ id: p.pieceId, sourceId: source.id, title: p.title, contentText: `Summary ${p.position}. The study reports its findings.` })));
  const outcome = await deliverDigest({ store, poster: adapter.poster, channel, digest, holder: 'e2e', now, logger });
  if (outcome.status !== 'delivered') throw new Error(`delivery failed: ${JSON.stringify(outcome)}`);
  const header = fake.channelMessages(CHANNEL_A)[0]!.ts;
  const pieceTs = fake.threadReplies(CHANNEL_A, header).map((m) => m.ts);
  const send = async (callback: EventCallback): Promise<void> => {
    if (socket !== undefined) {
      await socket.sendEvent(callback);
      return;
    }
    const body = JSON.stringify(callback);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(`http://127.0.0.1:${adapter.boundPort()}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    });
    await response.text();
    if (response.status !== 200) throw new Error(`the app answered ${response.status}`);
  };
  return {
    fake,
    adapter,
    store,
    channel,
    digest,
    header,
    pieceTs,
    discussion,
    llm,
    send,
    lines,
    ...(socket === undefined ? {} : { socket }),
    async close() {
      await adapter.stop();
      await socket?.close();
      await fake.close();
      await llm.close();
      await store.close();
    },
  };
}

for (const mode of ['socket', 'http'] as const) {
  describe(`reader discussion on Slack (${mode === 'socket' ? 'Socket Mode' : 'signed HTTP'}, real Bolt)`, () => {
    let running: Running | undefined;
    afterEach(async () => {
      await running?.close();
      running = undefined;
    });

    it('stores thread replies per piece (by the number they name), edits and deletions; keeps nothing else in the channel', async () => {
      running = await start(mode);
      const { fake, store, channel, digest, header, discussion, send } = running;
      const first = fake.postAsUser({ channel: CHANNEL_A, user: 'U0ADA', text: '2. Did you try an answer-only SFT baseline?', threadTs: header });
      await send(first.callback);
      await send(fake.postAsUser({ channel: CHANNEL_A, user: 'U0SAM', text: 'Nice thread, lunch anyone?' }).callback);
      await send(fake.editAsUser(CHANNEL_A, first.ts, '2. Did you try an answer-only SFT baseline, same budget?'));
      await discussion.handled(3);
      const stored = await store.discussion.listThreadComments(channel.id, digest.id);
      expect(stored.map((c) => [c.position, c.authorName, c.text])).toEqual([[2, 'ada', '2. Did you try an answer-only SFT baseline, same budget?']]);
      expect(stored[0]!.permalink).toBe(slackPermalink('https://fake.slack.com/', CHANNEL_A, first.ts, header));
      await send(fake.deleteAsUser(CHANNEL_A, first.ts));
      await discussion.handled(4);
      expect(await store.discussion.listThreadComments(channel.id, digest.id)).toEqual([]);
    });

    it('reads :+1: and :-1: on piece messages as votes (removable) and :bookmark: as a save with a DM copy', async () => {
      running = await start(mode);
      const { fake, store, channel, pieceTs, discussion, send } = running;
      await send(fake.reactionEvent({ channel: CHANNEL_A, ts: pieceTs[1]!, user: 'U0ADA', reaction: '+1::skin-tone-4' }));
      await send(fake.reactionEvent({ channel: CHANNEL_A, ts: pieceTs[1]!, user: 'U0SAM', reaction: '-1' }));
      await send(fake.reactionEvent({ channel: CHANNEL_A, ts: pieceTs[1]!, user: 'U0SAM', reaction: '-1', removed: true }));
      await send(fake.reactionEvent({ channel: CHANNEL_A, ts: pieceTs[0]!, user: 'U0ADA', reaction: 'bookmark' }));
      await discussion.handled(4);
      expect((await store.feedback.listVotes(channel.id, new Date(0))).map((v) => [v.pieceId, v.memberId, v.kind])).toEqual([['p2', 'U0ADA', 'up']]);
      const dm = fake.dmChannels.get('U0ADA')!;
      const copy = fake.messages.find((m) => m.channel === dm)!;
      expect(messageText(copy)).toContain('<https://example.org/1|Piece 1>');
    });

    it('answers a mention in the thread, in that thread only', async () => {
      running = await start(mode);
      const { fake, header, discussion, send, llm } = running;
      llm.enqueue({ kind: 'json', body: { answered: true, answer: 'It reports its findings.', quote: 'The study reports its findings.' } });
      const before = fake.messages.length;
      await send(fake.postAsUser({ channel: CHANNEL_A, user: 'U0SAM', text: `<@${fake.botUserId}> 3. what does it find?`, threadTs: header }).callback);
      await discussion.handled(1);
      const fromBot = fake.messages.slice(before).filter((m) => m.user === undefined);
      expect(fromBot).toHaveLength(1);
      expect(fromBot[0]!.threadTs).toBe(header);
      expect(fromBot[0]!.channel).toBe(CHANNEL_A);
      expect(messageText(fromBot[0]!)).toContain('*A:* It reports its findings.');
      expect(messageText(fromBot[0]!)).toContain('From the piece: “The study reports its findings.”');
      expect(fromBot[0]!.blocks.every((b) => b.text === undefined || b.text.verbatim === true)).toBe(true);
    });
  });
}

describe('Slack reaction names', () => {
  it('reads every skin tone of :+1:, both names of thumbs up/down, and :bookmark:', () => {
    expect(['+1', 'thumbsup', '+1::skin-tone-2', 'thumbsup::skin-tone-6'].map(slackReactionMeaning)).toEqual(['up', 'up', 'up', 'up']);
    expect(['-1', 'thumbsdown::skin-tone-3'].map(slackReactionMeaning)).toEqual(['down', 'down']);
    expect(slackReactionMeaning('bookmark')).toBe('save');
    expect(slackReactionMeaning('tada')).toBe('other');
  });
});
