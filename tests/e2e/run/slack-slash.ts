import type { FakeSlack } from '../../fakes/slack-api.ts';
import { sign } from '../slack/slack-harness.ts';

/**
 * Sends signed `/digest …` slash commands to a bot's Slack HTTP endpoint on `port`, as Slack does, each with
 * its own response_url on the fake; returns the HTTP status and the id to await the answer by.
 */
export function slackSlash(fake: FakeSlack, port: number, channel: string, defaultUser: string) {
  let counter = 0;
  return async (text: string, user = defaultUser): Promise<{ status: number; id: string }> => {
    const id = `slash-${++counter}`;
    const body = new URLSearchParams({
      team_id: fake.teamId,
      channel_id: channel,
      user_id: user,
      command: '/digest',
      text,
      response_url: fake.responseUrl(id),
      trigger_id: `t-${id}`,
      api_app_id: 'A0APP',
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
      body,
    });
    await response.text();
    return { status: response.status, id };
  };
}
