import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/deliver/digest-poster.ts';
import { messageText } from '../../fakes/discord-api.ts';
import { newStep, postWholeDigest, sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { CHANNEL_A, CHANNEL_B, connectDiscord, VOICE_CHANNEL, refOf, type ConnectedDiscord } from './discord-harness.ts';

describe('posting a digest to Discord', () => {
  let d: ConnectedDiscord;
  beforeEach(async () => {
    d = await connectDiscord();
  });
  afterEach(async () => {
    await d.close();
  });

  it('posts a header in the channel, a thread named after the digest from it, and one embed message per piece', async () => {
    const digest = sampleDigest(4);
    await postWholeDigest(d.poster, refOf(CHANNEL_A), digest);

    const [header, ...others] = d.fake.messagesIn(CHANNEL_A);
    expect(others).toHaveLength(0);
    expect(header!.content).toContain(`**${digest.title}**`);
    expect(header!.content).toContain(digest.headerLine);
    expect(header!.content).toContain(`${digest.readMinutes} min read`);
    expect(header!.content).toContain('4. [Reward hacking in practice, part 4](<https://example.org/posts/4>)');

    const thread = d.fake.threads.get(header!.id);
    expect(thread).toEqual({ id: header!.id, parentId: CHANNEL_A, name: digest.title, autoArchiveDuration: 1440 });

    const pieces = d.fake.messagesIn(header!.id);
    expect(pieces).toHaveLength(4);
    const embed = pieces[1]!.embeds[0]!;
    const piece = digest.pieces[1]!;
    expect(embed.title).toBe(`2. ${piece.title}`);
    expect(embed.url).toBe(piece.url);
    expect(embed.description).toBe(piece.summary.summary);
    expect(embed.fields).toEqual(expect.arrayContaining([
      { name: 'Source', value: 'The Gradient', inline: true },
      { name: 'Why it matters', value: piece.summary.whyItMatters },
      { name: 'What you can build with this', value: piece.summary.whatToBuild },
      { name: 'Key takeaways', value: piece.summary.keyTakeaways.map((t) => `• ${t}`).join('\n') },
    ]));
    for (const message of [header!, ...pieces]) expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('posts a feed title containing @everyone and a role mention with mention parsing off, and defused', async () => {
    const digest = sampleDigest(3, { 1: { title: 'Big news @everyone <@&123> read this' } });
    await postWholeDigest(d.poster, refOf(CHANNEL_A), digest);
    const posts = d.fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(posts.length).toBe(4);
    for (const call of posts) expect((call.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const header = d.fake.messagesIn(CHANNEL_A)[0]!;
    expect(header.content).not.toContain('@everyone');
    expect(header.content).not.toContain('<@&123>');
    expect(header.content).toMatch(/@\u200beveryone/);
    const firstPiece = d.fake.messagesIn(header.id)[0]!;
    expect(firstPiece.embeds[0]!.title).not.toContain('@everyone');
  });

  it('retries a 429 on a piece post and leaves no duplicate message in the thread', async () => {
    const digest = sampleDigest(3);
    const header = await d.poster.postHeader(refOf(CHANNEL_A), digest, newStep());
    const thread = await d.poster.openThread(refOf(CHANNEL_A), header, digest, newStep());
    d.fake.failNext({ method: 'POST', path: `/channels/${thread.id}/messages` }, { status: 429, retryAfter: 0.05 });
    for (const piece of digest.pieces) await d.poster.postPiece(refOf(CHANNEL_A), thread, digest, piece, newStep());

    const attempts = d.fake.calls.filter((c) => c.path === `/channels/${thread.id}/messages`);
    expect(attempts.map((c) => c.status)).toEqual([429, 200, 200, 200]);
    const titles = d.fake.messagesIn(thread.id).map((m) => m.embeds[0]!.title);
    expect(titles).toEqual(digest.pieces.map((p) => `${p.position}. ${p.title}`));
  });

  it('a 403 in one channel is a permanent DeliveryError for it while another channel is fully delivered', async () => {
    d.fake.forbid(CHANNEL_B);
    const digest = sampleDigest(3);
    const results = await Promise.allSettled([CHANNEL_A, CHANNEL_B].map((id) => postWholeDigest(d.poster, refOf(id), digest)));
    expect(results[0]!.status).toBe('fulfilled');
    const failure = results[1]!.status === 'rejected' ? (results[1] as PromiseRejectedResult).reason : undefined;
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ permanent: true, channel: refOf(CHANNEL_B) });
    expect((failure as Error).message).toMatch(/missing permission to send messages in #papers/);
    const header = d.fake.messagesIn(CHANNEL_A)[0]!;
    expect(d.fake.messagesIn(header.id)).toHaveLength(3);
    expect(d.fake.messagesIn(CHANNEL_B)).toHaveLength(0);
    expect(d.lines.some((l) => l['channelId'] === CHANNEL_B && l['level'] === 40)).toBe(true);
  });

  it('a deleted channel is a permanent DeliveryError naming it', async () => {
    d.fake.deleteChannel(CHANNEL_B);
    const error = await d.poster.postHeader(refOf(CHANNEL_B), sampleDigest(3), newStep()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: true });
    expect((error as Error).message).toMatch(/no longer exists/);
  });

  it('a guild the bot has left is a permanent DeliveryError saying to invite it again', async () => {
    d.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL_A}/messages` }, { status: 404, code: 10004, message: 'Unknown Guild' });
    const error = await d.poster.postHeader(refOf(CHANNEL_A), sampleDigest(3), newStep()).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: true });
    expect((error as Error).message).toMatch(/no longer in the server .*invite it again/);
  });

  it('thread creation failing for a reason other than permissions is reported, not silently flattened', async () => {
    const digest = sampleDigest(3);
    const header = await d.poster.postHeader(refOf(CHANNEL_A), digest, newStep());
    d.fake.failNext({ path: /\/threads$/ }, { status: 403, code: 50001, message: 'Missing Access' });
    const thread = await d.poster.openThread(refOf(CHANNEL_A), header, digest, newStep());
    expect(thread.fallback).toBe(true);
    d.fake.deleteChannel(CHANNEL_A);
    const error = await d.poster.openThread(refOf(CHANNEL_A), header, digest, newStep()).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: true });
    expect((error as Error).message).toMatch(/no longer exists/);
  });

  it('a Discord outage (5xx after the client retries) is a transient DeliveryError', async () => {
    d.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL_A}/messages` }, { status: 502, times: 10 });
    const error = await d.poster.postHeader(refOf(CHANNEL_A), sampleDigest(3), newStep()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: false });
    expect(d.fake.messagesIn(CHANNEL_A)).toHaveLength(0);
  });

  it('a rate limit longer than the client will wait is a transient DeliveryError, not a hang', async () => {
    d.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL_B}/messages` }, { status: 429, retryAfter: 600 });
    const error = await d.poster.postHeader(refOf(CHANNEL_B), sampleDigest(3), newStep()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: false });
    expect((error as Error).message).toMatch(/rate-limited/);
  });

  it('splits an over-long summary across messages within every limit (the fake answers 400 otherwise)', async () => {
    const words = Array.from({ length: 1600 }, (_, i) => `token${i}`).join(' ');
    const longWhy = Array.from({ length: 300 }, (_, i) => `reason${i}`).join(' ');
    const digest = sampleDigest(3, { 2: { summary: { summary: words, whyItMatters: longWhy, whatToBuild: 'Build it.', keyTakeaways: ['A', 'B', 'C'] } } });
    const header = await d.poster.postHeader(refOf(CHANNEL_A), digest, newStep());
    const thread = await d.poster.openThread(refOf(CHANNEL_A), header, digest, newStep());
    const posted = await d.poster.postPiece(refOf(CHANNEL_A), thread, digest, digest.pieces[1]!, newStep());
    expect(posted.length).toBeGreaterThan(1);
    const messages = d.fake.messagesIn(thread.id);
    expect(messages).toHaveLength(posted.length);
    expect(d.fake.calls.filter((c) => c.status === 400)).toHaveLength(0);
    const text = messages.map(messageText).join(' ');
    for (const word of ['token0', 'token799', 'token1599', 'reason0', 'reason299', 'Build it.']) expect(text).toContain(word);
    for (const message of messages) {
      for (const embed of message.embeds) {
        expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
        for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
      }
    }
  });

  it('falls back to replies in the channel when thread creation is forbidden, and logs why', async () => {
    d.fake.forbidThreads(CHANNEL_A);
    const digest = sampleDigest(3);
    const header = await d.poster.postHeader(refOf(CHANNEL_A), digest, newStep());
    const thread = await d.poster.openThread(refOf(CHANNEL_A), header, digest, newStep());
    expect(thread).toMatchObject({ id: header.id, fallback: true });
    expect(thread.fallbackReason).toMatch(/Create Public Threads/);
    for (const piece of digest.pieces) await d.poster.postPiece(refOf(CHANNEL_A), thread, digest, piece, newStep());
    const inChannel = d.fake.messagesIn(CHANNEL_A);
    expect(inChannel).toHaveLength(4);
    const replies = d.fake.calls.filter((c) => c.path === `/channels/${CHANNEL_A}/messages` && c.status === 200).slice(1);
    for (const call of replies) expect((call.body as { message_reference?: { message_id: string } }).message_reference?.message_id).toBe(header.id);
    expect(d.fake.threads.size).toBe(0);
    expect(d.lines.some((l) => l['channelId'] === CHANNEL_A && /as replies/.test(String(l['msg'])))).toBe(true);
  });

  it('falls back to channel replies in a channel type without message threads, without trying', async () => {
    const digest = sampleDigest(3);
    const header = await d.poster.postHeader(refOf(VOICE_CHANNEL), digest, newStep());
    const thread = await d.poster.openThread(refOf(VOICE_CHANNEL), header, digest, newStep());
    expect(thread).toMatchObject({ id: header.id, fallback: true });
    expect(thread.fallbackReason).toMatch(/GuildVoice/);
    expect(d.fake.calls.some((c) => c.path.endsWith('/threads'))).toBe(false);
  });

  it('cuts a thread name longer than 100 characters at a word with an ellipsis', async () => {
    const digest = { ...sampleDigest(3), title: `${'Alignment '.repeat(15)}digest` };
    await postWholeDigest(d.poster, refOf(CHANNEL_A), digest);
    const [thread] = [...d.fake.threads.values()];
    expect(thread!.name.length).toBeLessThanOrEqual(100);
    expect(thread!.name).toMatch(/Alignment…$/);
  });

  it('posts an admin alert with mentions defused', async () => {
    const posted = await d.poster.postAlert(refOf(CHANNEL_B), 'Source "@here feed" is failing');
    const [message] = d.fake.messagesIn(CHANNEL_B);
    expect(message!.id).toBe(posted.id);
    expect(message!.content).toBe('Source "@\u200bhere feed" is failing');
  });

  it('lets only the configured alert role ping: channel links render, feed text mentions stay inert', async () => {
    const alert = { parts: ['Source "@everyone <@&999> <@42>" cannot post in ', { channel: CHANNEL_A }, '.'], mention: { kind: 'role' as const, id: '777' } };
    await d.poster.postAlert(refOf(CHANNEL_B), alert);
    const [message] = d.fake.messagesIn(CHANNEL_B);
    expect(message!.content).toBe(`<@&777> Source "@\u200beveryone <\u200b@&999> <\u200b@42>" cannot post in <#${CHANNEL_A}>.`);
    expect(message!.allowed_mentions).toEqual({ parse: [], roles: ['777'] });
    await d.poster.postAlert(refOf(CHANNEL_B), { parts: ['x'], mention: { kind: 'user', id: '4242' } });
    expect(d.fake.messagesIn(CHANNEL_B)[1]).toMatchObject({ content: '<@4242> x', allowed_mentions: { parse: [], users: ['4242'] } });
  });
});
