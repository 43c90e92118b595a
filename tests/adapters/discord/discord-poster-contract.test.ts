import { messageText } from '../../fakes/discord-api.ts';
import { CHANNEL_A, connectDiscord, refOf } from '../../e2e/discord/discord-harness.ts';
import { describeDigestPosterContract } from '../digest-poster-contract.ts';

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
    teardown: connected.close,
  };
});
