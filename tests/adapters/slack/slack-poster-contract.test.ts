import { webApi } from '@slack/bolt';
import { createSlackPoster } from '../../../adapters/slack/slack-poster.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { messageText, startFakeSlack } from '../../fakes/slack-api.ts';
import { describeDigestPosterContract } from '../digest-poster-contract.ts';

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
    teardown: fake.close,
  };
});
