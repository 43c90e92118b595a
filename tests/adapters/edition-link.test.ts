import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordPoster } from '../../adapters/discord/discord-poster.ts';
import { renderHeaderContent } from '../../adapters/discord/render-digest-embeds.ts';
import { renderHeaderMessage } from '../../adapters/slack/render-digest-blocks.ts';
import { messageText } from '../fakes/discord-api.ts';
import { captureLogger, CHANNEL_A, connectDiscord, refOf, type ConnectedDiscord } from '../e2e/discord/discord-harness.ts';
import { sampleDigest } from './digest-poster-contract.ts';

const PAGE = 'https://digests.example.org/c/Q9MgfFyqmqWWioP_rAXXGZC9/2026-03-30/';

describe("the chat header links the edition's web page", () => {
  it('on Discord, the title links the page (a masked link, no preview)', () => {
    const digest = sampleDigest(2);
    const linked = renderHeaderContent(digest, { editionUrl: PAGE });
    expect(linked.split('\n')[0]).toBe(`**[${digest.title}](<${PAGE}>)**`);
    expect(renderHeaderContent(digest).split('\n')[0]).toBe(`**${digest.title}**`);
    expect(renderHeaderContent(digest, { editionUrl: 'javascript:alert(1)' }).split('\n')[0]).toBe(`**${digest.title}**`);
  });

  it('on Slack, the read-time line carries the link', () => {
    const header = renderHeaderMessage(sampleDigest(2), { editionUrl: PAGE });
    expect(JSON.stringify(header.blocks)).toContain(`<${PAGE}|Read this edition on the web>`);
    expect(JSON.stringify(renderHeaderMessage(sampleDigest(2)).blocks)).not.toContain('on the web');
  });

  describe('Discord poster against the fake Discord', () => {
    let connected: ConnectedDiscord | undefined;
    afterEach(async () => {
      await connected?.close();
      connected = undefined;
    });
    const step = { key: 'k'.repeat(20), resumed: false };

    it('posts the header with the link the archive gives', async () => {
      connected = await connectDiscord();
      const poster = createDiscordPoster({ client: connected.client, logger: captureLogger().logger, editionLink: async () => PAGE });
      await poster.postHeader(refOf(CHANNEL_A), sampleDigest(2), step);
      expect(messageText(connected.fake.messagesIn(CHANNEL_A).at(-1)!)).toContain(`(<${PAGE}>)`);
    });

    it('still posts the header, without the link, when finding the page fails', async () => {
      connected = await connectDiscord();
      const { logger, lines } = captureLogger();
      const poster = createDiscordPoster({ client: connected.client, logger, editionLink: async () => {
        throw new Error('store is down');
      } });
      await poster.postHeader(refOf(CHANNEL_A), sampleDigest(2), step);
      expect(messageText(connected.fake.messagesIn(CHANNEL_A).at(-1)!)).not.toContain('digests.example.org');
      expect(lines.some((l) => String(l.msg).includes('without its link') && String(l.err).includes('store is down'))).toBe(true);
    });
  });
});
