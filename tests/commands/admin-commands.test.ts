import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchStructured, dispatchText } from '../../commands/dispatch.ts';
import { CHANNEL, CHANNEL_ID, createRig, digestPiece, makeDigest, snapshot, type TestRig } from './test-context.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';

let rig: TestRig;

beforeEach(async () => {
  rig = await createRig();
  // The channel exists before each test so a rejected command is compared against a settled store.
  await rig.services.bot.ensureChannel(CHANNEL);
});
afterEach(async () => {
  await rig.store.close();
});

const admin = () => rig.ctx({ admin: true });

describe('permissions', () => {
  const adminCommands = [
    'sources list',
    'sources add https://example.org/feed.xml',
    'sources remove abc',
    'sources pause abc',
    'sources resume abc',
    'schedule show',
    'schedule set 0 8 * * *',
    'schedule pause',
    'schedule resume',
    'settings show',
    'settings pieces 3',
    'settings interests evals',
    'settings language fr',
    'post',
    'settings alerts here',
    'settings budget 2M',
    'settings filter exclude crypto',
    'settings filter remove 1',
    'settings reset alerts',
    'usage',
  ];

  it('a member running any admin command is refused and nothing is written', async () => {
    const before = await snapshot(rig.store);
    for (const text of adminCommands) {
      const reply = await dispatchText(text, rig.ctx({ admin: false }));
      expect(reply, text).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
      expect(reply.text, text).toContain('for admins only');
    }
    expect(rig.calls.isAdmin).toBe(adminCommands.length);
    expect(rig.calls.probeFeed).toEqual([]);
    expect(rig.calls.postDigestNow).toEqual([]);
    expect(rig.calls.scheduleChanged).toEqual([]);
    expect(await snapshot(rig.store)).toBe(before);
  });

  it('an isAdmin check that throws becomes a private error, and nothing is written', async () => {
    const before = await snapshot(rig.store);
    const ctx = { ...admin(), user: { id: 'u', isAdmin: async () => {
      throw new Error('platform down');
    } } };
    const reply = await dispatchText('settings pieces 3', ctx);
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(await snapshot(rig.store)).toBe(before);
  });
});

describe('sources', () => {
  it('add probes first, then saves and subscribes this channel', async () => {
    const reply = await dispatchText('sources add https://example.org/feed.xml The Example Feed', admin());
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('**The Example Feed**');
    expect(reply.text).toContain('12 items');
    expect(rig.calls.probeFeed).toEqual(['https://example.org/feed.xml']);
    const [source] = await rig.store.listChannelSources(CHANNEL_ID);
    expect(source).toMatchObject({ url: 'https://example.org/feed.xml', name: 'The Example Feed' });
    // The name given in chat is this channel's; the feed keeps its own title.
    expect((await rig.store.listSources())[0]?.name).toBe('Example Feed');
  });

  it('add uses the feed title when no name is given', async () => {
    await dispatchText('sources add https://example.org/feed.xml', admin());
    expect((await rig.store.listSources())[0]?.name).toBe('Example Feed');
  });

  it('a failing probe says why and saves nothing', async () => {
    // Hints are written to follow a dash in a report line; in a reply they read as a sentence of their own.
    const r = await createRig({ probe: () => ({ ok: false, error: 'the address resolves to a private network', hint: 'use a public URL' }) });
    await r.services.bot.ensureChannel(CHANNEL);
    const before = await snapshot(r.store);
    const reply = await dispatchText('sources add https://intranet.example/feed', r.ctx({ admin: true }));
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(reply.text).toContain('private network');
    expect(reply.text).toContain('Nothing was saved. Use a public URL.');
    expect(await snapshot(r.store)).toBe(before);
    await r.store.close();
  });

  it('bad URLs, file paths from chat and duplicates are refused before any fetch', async () => {
    await dispatchText('sources add https://example.org/feed.xml', admin());
    rig.calls.probeFeed.length = 0;
    const before = await snapshot(rig.store);
    const bad = await dispatchText('sources add htp://example.org', admin());
    expect(bad.text).toContain('not an http(s) URL');
    const local = await dispatchText('sources add /etc/passwd', admin());
    expect(local.text).toContain('not an http(s) URL');
    const dup = await dispatchText('sources add https://example.org/feed.xml', admin());
    expect(dup.text).toContain('already a source here');
    expect(rig.calls.probeFeed).toEqual([]);
    expect(await snapshot(rig.store)).toBe(before);
  });

  it('list shows id, name, url and health; pause, resume and remove change them', async () => {
    await dispatchText('sources add https://example.org/feed.xml Feed A', admin());
    const [source] = await rig.store.listSubscriptions({ channelIds: [CHANNEL_ID] });
    if (source === undefined) throw new Error('source not saved');
    await rig.store.updateSource(source.source.id, { fetchState: { failing: true, consecutiveFailures: 5, lastError: 'HTTP 503' } });
    const list = await dispatchText('sources list', admin());
    expect(list.text).toContain(`\`${source.id}\` **Feed A**`);
    expect(list.text).toContain('https://example.org/feed.xml');
    expect(list.text).toContain('failing (5 failures: HTTP 503)');
    const note = 'article pages blocked by a bot wall at blog.example (Cloudflare); those items keep their feed excerpts';
    await rig.store.updateSource(source.source.id, { fetchState: { failing: false, consecutiveFailures: 0, lastError: null, lastSuccessAt: new Date(), fullTextNote: note } });
    expect((await dispatchText('sources list', admin())).text).toContain(`ok; full text: ${note}`);

    expect((await dispatchText(`sources pause ${source.id}`, admin())).text).toContain('Paused');
    expect((await rig.store.getSubscription(source.id))?.paused).toBe(true);
    expect((await dispatchText(`sources pause ${source.id}`, admin())).text).toContain('already paused');
    expect((await dispatchText(`sources resume ${source.id.slice(0, 4)}`, admin())).text).toContain('Resumed');
    expect((await rig.store.getSubscription(source.id))?.paused).toBe(false);

    const missing = await dispatchText('sources remove zzzzzzzz', admin());
    expect(missing).toMatchObject({ kind: 'error' });
    expect(missing.text).toContain('no source with id');
    expect((await dispatchText(`sources remove ${source.id}`, admin())).text).toContain('Removed');
    expect(await rig.store.listSubscriptions()).toEqual([]);
    // The feed stays (paused: no channel reads it), so adding it again keeps its id and pieces.
    expect((await rig.store.listSources()).map((s) => [s.id, s.paused])).toEqual([[source.source.id, true]]);
  });

  it('list explains a channel without sources of its own', async () => {
    expect((await dispatchText('sources list', admin())).text).toContain('reads no sources yet.');
    const { source } = await rig.store.addSource({ url: 'https://elsewhere.example/feed', name: 'Elsewhere' });
    await rig.store.subscribe({ channelId: 'slack:T2:C7', sourceId: source.id, origin: 'chat', fullText: false });
    // Nothing about other channels' sources, not even how many there are.
    const reply = await dispatchText('sources list', admin());
    expect(reply.text).toBe('This channel reads no sources yet. Add one with `/digest sources add <url> [name]`.');
  });

  it('a Slack-wrapped link is unwrapped; a source known elsewhere is subscribed here after a probe', async () => {
    const { source } = await rig.store.addSource({ url: 'https://example.org/shared.xml', name: 'Shared' });
    const reply = await dispatchText('sources add <https://example.org/shared.xml|example.org/shared.xml>', admin());
    expect(reply.kind).toBe('ok');
    expect(reply.text).not.toContain('already known');
    expect(rig.calls.probeFeed).toEqual(['https://example.org/shared.xml']);
    expect((await rig.store.listChannelSources(CHANNEL_ID)).map((s) => s.id)).toEqual([source.id]);
    expect(await rig.store.listSources()).toHaveLength(1);
  });

  it('remove keeps a source another channel still reads', async () => {
    const other = { ...CHANNEL, channelId: 'C2' };
    await dispatchText('sources add https://example.org/feed.xml', admin());
    await dispatchText('sources add https://example.org/feed.xml', rig.ctx({ admin: true, channel: other }));
    const [source] = await rig.store.listSources();
    const [mine] = await rig.store.listSubscriptions({ channelIds: [CHANNEL_ID] });
    if (source === undefined || mine === undefined) throw new Error('source not saved');
    await dispatchText(`sources remove ${mine.id}`, admin());
    expect(await rig.store.listChannelSources(CHANNEL_ID)).toEqual([]);
    expect((await rig.store.listChannelSources(`slack:T1:C2`)).map((s) => s.id)).toEqual([source.id]);
  });
});

describe('schedule', () => {
  it('show gives the next three runs in the channel timezone', async () => {
    const reply = await dispatchText('schedule show', admin());
    // NOW is Sunday 22 November 2026 08:00 UTC; "0 9 * * 1-5" in London → Mon, Tue, Wed 09:00.
    expect(reply.text).toContain('`0 9 * * 1-5` in Europe/London');
    expect(reply.text).toMatch(/Mon.*23 November 2026.*09:00[\s\S]*Tue.*24 November[\s\S]*Wed.*25 November/);
  });

  it('set validates, saves, notifies the scheduler and shows the next runs', async () => {
    const reply = await dispatchText('schedule set 30 7 * * * America/New_York', admin());
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('America/New_York');
    // 07:30 in New York (EST, UTC-5) is 12:30 UTC: the first run is 22 November.
    expect(reply.text).toMatch(/22 November 2026.*07:30/);
    const channel = await rig.store.getChannel(CHANNEL_ID);
    expect(channel?.settings).toMatchObject({ cron: '30 7 * * *', timezone: 'America/New_York' });
    expect(rig.calls.scheduleChanged.map((c) => c.settings.cron)).toEqual(['30 7 * * *']);
  });

  it('Discord-style structured input works for groups', async () => {
    const reply = await dispatchStructured({ path: ['schedule', 'set'], options: { cron: '0 6 * * 1' } }, admin());
    expect(reply.kind).toBe('ok');
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings).toMatchObject({ cron: '0 6 * * 1', timezone: 'Europe/London' });
  });

  it('a bad cron or an unknown timezone is refused and nothing changes', async () => {
    const before = await snapshot(rig.store);
    expect((await dispatchText('schedule set 0 25 * * *', admin())).text).toContain('hour 25 is out of range 0–23');
    expect((await dispatchText('schedule set 99 99 * * *', admin())).text).toContain('minute 99 is out of range 0–59');
    expect((await dispatchText('schedule set "0 9 * *"', admin())).text).toContain('has 4 fields; expected five');
    expect((await dispatchText('schedule set 0 9 * * * Mars/Base', admin())).text).toContain('not an IANA timezone');
    expect((await dispatchText('schedule set 0 9 31 2 *', admin())).text).toContain('day of month 31 never occurs');
    // Valid syntax that can never match (day 1 and the fifth Monday, both required) is caught too.
    expect((await dispatchText('schedule set "0 9 1 * 1#5"', admin())).text).toContain('never fires');
    expect(rig.calls.scheduleChanged).toEqual([]);
    expect(await snapshot(rig.store)).toBe(before);
  });

  it('pause and resume flip the flag and notify', async () => {
    expect((await dispatchText('schedule pause', admin())).text).toContain('paused');
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings.schedulePaused).toBe(true);
    expect((await dispatchText('schedule show', admin())).text).toContain('**paused**');
    expect((await dispatchText('schedule pause', admin())).text).toContain('already paused');
    expect((await dispatchText('schedule resume', admin())).text).toContain('resumed');
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings.schedulePaused).toBe(false);
    expect(rig.calls.scheduleChanged).toHaveLength(2);
  });
});

describe('settings', () => {
  it('show includes the last delivery error', async () => {
    await rig.store.setChannelDeliveryError(CHANNEL_ID, 'missing permission: Send Messages in Threads', new Date('2026-11-21T09:00:00Z'));
    const reply = await dispatchText('settings show', admin());
    expect(reply.text).toContain('Pieces per digest: 4');
    expect(reply.text).toContain('missing permission: Send Messages in Threads');
  });

  it('pieces, interests and language are validated and saved', async () => {
    expect((await dispatchText('settings pieces 6', admin())).kind).toBe('ok');
    expect((await dispatchText('settings interests reward hacking, interpretability', admin())).kind).toBe('ok');
    expect((await dispatchText('settings language pt-br', admin())).kind).toBe('ok');
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings).toMatchObject({ pieces: 6, interests: ['reward hacking', 'interpretability'], language: 'pt-BR' });
    expect((await dispatchText('settings interests none', admin())).text).toContain('cleared');
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings.interests).toEqual([]);
  });

  it('out-of-range pieces and a bad language code are refused without a write', async () => {
    const before = await snapshot(rig.store);
    expect((await dispatchText('settings pieces 11', admin())).text).toContain('from 1 to 10');
    expect((await dispatchText('settings pieces two', admin())).text).toContain('whole number');
    expect((await dispatchText('settings language not_a_code!', admin())).text).toContain('not a language code');
    expect((await dispatchText('settings language klingon', admin())).text).toContain('"klingon" is not a language Intl knows');
    expect((await dispatchText('settings interests', admin())).text).toContain('Missing `topics`');
    expect(await snapshot(rig.store)).toBe(before);
  });
});

describe('post', () => {
  it('posts in the channel and answers publicly', async () => {
    const digest = makeDigest('d-now', new Date('2026-11-22T08:00:00Z'), [digestPiece(1), digestPiece(2)]);
    const r = await createRig({ post: () => ({ posted: true, digest }) });
    const reply = await dispatchText('post', r.ctx({ admin: true }));
    expect({ ...reply, text: withoutLiteralMarks(reply.text) }).toEqual({ visibility: 'in_channel', kind: 'ok', text: 'Posted **AI Research Digest — d-now** with 2 pieces.' });
    expect(r.calls.postDigestNow.map((c) => c.id)).toEqual([CHANNEL_ID]);
    await r.store.close();
  });

  it('says exactly which piece the platform refused and why, when the others were posted', async () => {
    const digest = makeDigest('d-now', new Date('2026-11-22T08:00:00Z'), [digestPiece(1), digestPiece(2), digestPiece(3)]);
    const reason = 'Discord refused to send messages in threads in #digest: Invalid Form Body (code 50035)';
    const r = await createRig({ post: () => ({ posted: true, digest, failedPieces: [{ position: 2, title: 'Sparse features', reason }] }) });
    const reply = await dispatchText('post', r.ctx({ admin: true }));
    expect(reply.visibility).toBe('in_channel');
    expect(withoutLiteralMarks(reply.text)).toBe(`Posted **AI Research Digest — d-now** with 2 of 3 pieces.\n• Piece 2 (Sparse features) could not be posted: ${reason}`);
    await r.store.close();
  });

  it('does not say "No digest was posted" when the header and earlier pieces were', async () => {
    const r = await createRig({ post: () => ({ posted: false, reason: 'the bot lost access to #digest', partly: true }) });
    const reply = await dispatchText('post', r.ctx({ admin: true }));
    expect(reply.text).toBe('The digest was only partly posted: the bot lost access to #digest');
    await r.store.close();
  });

  it('nothing to post is a private answer with the reason', async () => {
    const reply = await dispatchText('post', admin());
    expect(reply).toMatchObject({ visibility: 'ephemeral', kind: 'error' });
    expect(reply.text).toContain('no new pieces');
  });
});
