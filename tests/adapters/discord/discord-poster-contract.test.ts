import { messageText } from '../../fakes/discord-api.ts';
import { CHANNEL_A, connectDiscord, refOf } from '../../e2e/discord/discord-harness.ts';
import { describeDigestPosterContract, longSummary } from '../digest-poster-contract.ts';

describeDigestPosterContract('discord (real discord.js Client against the fake)', async () => {
  const connected = await connectDiscord();
  const { fake } = connected;
  return {
    poster: connected.poster,
    channel: refOf(CHANNEL_A),
    async readThread() {
      const headers = fake.messagesIn(CHANNEL_A);
      const header = headers.at(-1);
      if (!header) throw new Error('no header message posted');
      return { header: messageText(header), pieces: fake.messagesIn(header.id).map(messageText) };
    },
    channelMessageCount: async () => fake.messagesIn(CHANNEL_A).length,
    // Past one message's 6000 embed characters.
    splitSummary: longSummary(8),
    failThreadMessageOnce(threadId, nth) {
      let seen = 0;
      // discord.js retries a 5xx three times at once: all four attempts of that one message fail.
      fake.failNext((call) => call.method === 'POST' && call.path === `/channels/${threadId}/messages` && ++seen >= nth, { status: 500, times: 4 });
    },
    teardown: connected.close,
  };
});
