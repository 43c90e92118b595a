import { describe, expect, it } from 'vitest';
import { discordReactionMeaning, toThreadEvent } from '../../../adapters/discord/thread-events.ts';

const BOT = '900000000000000001';

describe('Discord gateway dispatches as thread events', () => {
  it('reads a reply in a thread: what it replies to, links it names, then the thread', () => {
    const event = toThreadEvent({
      t: 'MESSAGE_CREATE',
      d: {
        id: '3',
        channel_id: '2',
        guild_id: '1',
        content: 'See https://discord.com/channels/1/2/99 and https://discord.com/channels/7/2/98',
        timestamp: '2026-03-30T10:00:00.000Z',
        author: { id: '5', username: 'ada', global_name: 'Ada L.' },
        member: { nick: 'Ada' },
        mentions: [{ id: BOT }],
        message_reference: { message_id: '42' },
      },
    }, BOT);
    expect(event).toMatchObject({
      kind: 'message',
      scope: { platform: 'discord', workspaceId: '1' },
      messageId: '3',
      refersTo: ['42', '99', '2'],
      authorName: 'Ada',
      fromBot: false,
      mentionsBot: true,
      edited: false,
      permalink: 'https://discord.com/channels/1/2/3',
      at: new Date('2026-03-30T10:00:00.000Z'),
    });
  });

  it('leaves out DMs, content-less updates and the bot’s own reactions; marks bots and webhooks', () => {
    expect(toThreadEvent({ t: 'MESSAGE_CREATE', d: { id: '3', channel_id: '2', content: 'dm', author: { id: '5' } } }, BOT)).toBeNull();
    expect(toThreadEvent({ t: 'MESSAGE_UPDATE', d: { id: '3', channel_id: '2', guild_id: '1', author: { id: '5' }, embeds: [] } }, BOT)).toBeNull();
    expect(toThreadEvent({ t: 'MESSAGE_REACTION_ADD', d: { user_id: BOT, message_id: '3', guild_id: '1', emoji: { id: null, name: '👍' } } }, BOT)).toBeNull();
    expect(toThreadEvent({ t: 'MESSAGE_CREATE', d: { id: '3', channel_id: '2', guild_id: '1', content: 'x', author: { id: '6', bot: true } } }, BOT)).toMatchObject({ fromBot: true });
    expect(toThreadEvent({ t: 'MESSAGE_CREATE', d: { id: '3', channel_id: '2', guild_id: '1', content: 'x', author: { id: '6' }, webhook_id: '8' } }, BOT)).toMatchObject({ fromBot: true });
    expect(toThreadEvent({ t: 'TYPING_START', d: {} }, BOT)).toBeNull();
  });

  it('reads 👍 in every skin tone, 👎, 🔖; a custom emoji only counts as engagement', () => {
    expect(['👍', '👍🏻', '👍🏿', '👍\ufe0f'].map((name) => discordReactionMeaning({ id: null, name }))).toEqual(['up', 'up', 'up', 'up']);
    expect(discordReactionMeaning({ id: null, name: '👎🏽' })).toBe('down');
    expect(discordReactionMeaning({ id: null, name: '🔖' })).toBe('save');
    expect(discordReactionMeaning({ id: '123', name: 'thumbsup' })).toBe('other');
    expect(toThreadEvent({ t: 'MESSAGE_REACTION_REMOVE', d: { user_id: '5', message_id: '3', guild_id: '1', emoji: { id: '77', name: 'party' } } }, BOT))
      .toMatchObject({ kind: 'reaction', present: false, emoji: '<:party:77>', meaning: 'other' });
  });
});
