import { webApi } from '@slack/bolt';
import { createSlackPoster } from '../../../adapters/slack/slack-poster.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { messageText, startFakeSlack } from '../../fakes/slack-api.ts';
import { describeDigestPosterContract, longSummary } from '../digest-poster-contract.ts';

const CHANNEL = 'C0DIGEST';

describeDigestPosterContract('slack (real WebClient against the fake)', async () => {
  const fake = await startFakeSlack();
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const channel: ChannelRef = { platform: 'slack', workspaceId: fake.teamId, channelId: CHANNEL };
  return {
    poster: createSlackPoster({ client, logger: silentLogger() }),
    channel,
    async readThread() {
      const header = fake.channelMessages(CHANNEL).at(-1);
      if (!header) throw new Error('no parent message posted');
      // Slack shows `&amp;` as `&`: read back what a person would see.
      const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      return { header: unescape(messageText(header)), pieces: fake.threadReplies(CHANNEL, header.ts).map((m) => unescape(messageText(m))) };
    },
    channelMessageCount: async () => fake.channelMessages(CHANNEL).length,
    // Past one message's 50 blocks of at most 3000 characters.
    splitSummary: longSummary(100),
    failThreadMessageOnce(threadId, nth) {
      const fail = (): void => fake.failNext('chat.postMessage', { error: 'internal_error', status: 500 });
      if (nth === 1) return fail();
      // Armed as the (nth-1)th new reply is accepted, before the adapter can send the nth.
      const target = fake.threadReplies(CHANNEL, threadId).length + nth - 1;
      void fake.waitForMessage((m) => m.threadTs === threadId && fake.threadReplies(CHANNEL, threadId).length >= target).then(fail, () => undefined);
    },
    teardown: fake.close,
  };
});
