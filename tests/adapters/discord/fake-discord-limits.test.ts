import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';

/** The fake must refuse what Discord refuses, or the e2e tests prove nothing about limits. */
describe('fake Discord enforces Discord limits', () => {
  let fake: FakeDiscord;
  const channel = '700000000000000001';
  beforeEach(async () => {
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    await fake.close();
  });

  const post = (body: unknown, auth = `Bot ${fake.token}`) =>
    fetch(`${fake.apiUrl}/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });

  it.each([
    ['content over 2000', { content: 'x'.repeat(2001) }],
    ['embed title over 256', { embeds: [{ title: 'x'.repeat(257) }] }],
    ['description over 4096', { embeds: [{ description: 'x'.repeat(4097) }] }],
    ['field value over 1024', { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] }],
    ['more than 25 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }],
    ['more than 10 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }],
    ['embeds over 6000 in total', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] }],
    ['an empty field value', { embeds: [{ fields: [{ name: 'Link', value: '' }] }] }],
    ['a field value of spaces (Discord trims before measuring)', { embeds: [{ fields: [{ name: 'Source', value: '  \n ' }] }] }],
    ['a blank field name', { embeds: [{ fields: [{ name: ' ', value: 'v' }] }] }],
    ['an empty footer', { embeds: [{ title: 't', footer: { text: ' ' } }] }],
    ['an embed url that is not http(s)', { embeds: [{ title: 't', url: 'javascript:alert(1)' }] }],
    ['an embed url that is not a URL', { embeds: [{ title: 't', url: 'not a url' }] }],
    ['an embed url over 2048', { embeds: [{ title: 't', url: `https://example.org/${'p'.repeat(2040)}` }] }],
    ['a lone surrogate', { embeds: [{ title: 'broken \ud800 text' }] }],
  ])('answers 400 Invalid Form Body for %s', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(fake.messagesIn(channel)).toHaveLength(0);
  });

  it('answers 400 Cannot send an empty message for content of spaces', async () => {
    const res = await post({ content: '   ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 50006 });
  });

  it('counts lengths after trimming, as Discord does', async () => {
    expect((await post({ embeds: [{ title: ` ${'t'.repeat(256)} ` }] })).status).toBe(200);
  });

  it('accepts a message exactly at the limits', async () => {
    const res = await post({ content: 'x'.repeat(2000), embeds: [{ title: 't'.repeat(256), description: 'd'.repeat(4096) }] });
    expect(res.status).toBe(200);
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });

  it('answers 401 without the bot token', async () => {
    expect((await post({ content: 'hi' }, 'Bot wrong')).status).toBe(401);
  });

  it('answers a scripted 429 with retry_after and the rate-limit headers', async () => {
    fake.failNext({ method: 'POST', path: /\/messages$/ }, { status: 429, retryAfter: 0.25, global: true });
    const res = await post({ content: 'hi' });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ retry_after: 0.25, global: true });
    expect(res.headers.get('retry-after')).toBe('0.25');
    expect(res.headers.get('x-ratelimit-global')).toBe('true');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await post({ content: 'hi' })).status).toBe(200);
  });

  it('rejects a thread name over 100 characters', async () => {
    const message = await (await post({ content: 'header' })).json() as { id: string };
    const res = await fetch(`${fake.apiUrl}/v10/channels/${channel}/messages/${message.id}/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bot ${fake.token}` },
      body: JSON.stringify({ name: 'n'.repeat(101) }),
    });
    expect(res.status).toBe(400);
    expect(fake.threads.size).toBe(0);
  });
});

/** The idempotency the Discord adapter relies on: nonce + enforce_nonce, and one thread per message. */
describe('fake Discord honours nonce + enforce_nonce and answers 160004 for a second thread', () => {
  let fake: FakeDiscord;
  const channel = '700000000000000001';
  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: '800000000000000001', name: 'Research', channels: [{ id: channel, name: 'digest' }, { id: '700000000000000002', name: 'other' }] }] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const post = async (body: unknown, to = channel): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${fake.apiUrl}/v10/channels/${to}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bot ${fake.token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('returns the message already created for a repeated enforced nonce, and creates nothing', async () => {
    const first = await post({ content: 'one', nonce: 'k1', enforce_nonce: true });
    const again = await post({ content: 'one, retried', nonce: 'k1', enforce_nonce: true });
    expect(again).toEqual(first);
    expect(first.json['nonce']).toBe('k1');
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });

  it('creates a new message without enforce_nonce, in another channel, or once the window has passed', async () => {
    await post({ content: 'a', nonce: 'k2' });
    await post({ content: 'b', nonce: 'k2' });
    expect(fake.messagesIn(channel)).toHaveLength(2);
    await post({ content: 'c', nonce: 'k3', enforce_nonce: true });
    await post({ content: 'c', nonce: 'k3', enforce_nonce: true }, '700000000000000002');
    expect(fake.messagesIn('700000000000000002')).toHaveLength(1);
    fake.expireNonces();
    await post({ content: 'c', nonce: 'k3', enforce_nonce: true });
    expect(fake.messagesIn(channel)).toHaveLength(4);
  });

  it('answers 400 Invalid Form Body for a nonce over 25 characters', async () => {
    const res = await post({ content: 'x', nonce: 'n'.repeat(26), enforce_nonce: true });
    expect(res.status).toBe(400);
    expect(res.json['code']).toBe(50035);
    expect(fake.messagesIn(channel)).toHaveLength(0);
  });

  it('answers 400 with code 160004 when the message already has a thread', async () => {
    const { json } = await post({ content: 'header' });
    const start = () =>
      fetch(`${fake.apiUrl}/v10/channels/${channel}/messages/${String(json['id'])}/threads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bot ${fake.token}` },
        body: JSON.stringify({ name: 'Digest' }),
      });
    const created = await start();
    expect(created.status).toBe(201);
    expect(((await created.json()) as { id: string }).id).toBe(json['id']);
    const second = await start();
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ code: 160004 });
    expect(fake.threads.size).toBe(1);
  });

  it('reads channel messages back newest first, pages with before and limit, and answers none without Read Message History', async () => {
    for (const n of [1, 2, 3]) expect((await post({ content: `m${n}` })).status).toBe(200);
    const read = async (query: string) => {
      const res = await fetch(`${fake.apiUrl}/v10/channels/${channel}/messages${query}`, { headers: { authorization: `Bot ${fake.token}` } });
      return { status: res.status, body: await res.json() as { id: string; content: string; author: { id: string } }[] };
    };
    const all = await read('');
    expect(all.body.map((m) => m.content)).toEqual(['m3', 'm2', 'm1']);
    expect(all.body.every((m) => m.author.id === fake.botUserId)).toBe(true);
    expect((await read(`?limit=1&before=${all.body[0]!.id}`)).body.map((m) => m.content)).toEqual(['m2']);
    expect((await read(`?after=${all.body[2]!.id}`)).body.map((m) => m.content)).toEqual(['m3', 'm2']);
    expect((await read('?limit=101')).status).toBe(400);
    fake.forbidHistory(channel);
    expect(await read('')).toEqual({ status: 200, body: [] });
  });
});
