import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_FEEDS_DIR } from '../../../app/embedded-default.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-api.ts';
import { SIGNING_SECRET } from '../slack/slack-harness.ts';
import { freePort, health as healthOf, startBot, until, type Bot } from './run-process.ts';
import { slackSlash } from './slack-slash.ts';

const CHANNEL = 'C0DIGESTA';
const ADMIN = 'U0ADMIN';

/** `digest run` as a real process: the Slack adapter in HTTP mode, its WebClient on the fake Slack. */
function startSlackBot(cwd: string, fake: FakeSlack): Bot {
  return startBot(cwd, { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('digest run with Slack (real process, fake Slack API)', () => {
  it('serves /healthz, posts a digest thread on /digest post, answers follow-ups, stops on SIGTERM and posts nothing twice after a restart', async () => {
    const fake = await startFakeSlack({ users: [{ id: ADMIN, is_admin: true }, { id: 'U0MEMBER' }] });
    cleanups.push(() => fake.close());
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-run-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const [slackPort, healthPort] = [await freePort(), await freePort()];
    const feeds = readdirSync(SAMPLE_FEEDS_DIR).filter((f) => f.endsWith('.xml')).map((f) => ({ url: path.join(SAMPLE_FEEDS_DIR, f) }));
    // JSON is YAML: the config file the bot reads.
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({
      sources: feeds,
      slack: { mode: 'http', port: slackPort },
      health: { port: healthPort },
      channels: [{ platform: 'slack', workspace: fake.teamId, channel: CHANNEL, cron: '0 9 * * 1', timezone: 'UTC' }],
    }));

    const slash = slackSlash(fake, slackPort, CHANNEL, ADMIN);
    const health = () => healthOf(healthPort);

    const bot = startSlackBot(cwd, fake);
    cleanups.push(() => {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    });
    const up = await until('healthz', async () => ((await health()).status === 200 ? await health() : undefined));
    expect(JSON.stringify(up.body)).toContain(`listening on port ${slackPort}`);

    // A bad signature never reaches the bot's logic.
    const forged = await fetch(`http://127.0.0.1:${slackPort}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=00' },
      body: 'command=%2Fdigest&text=post',
    });
    expect(forged.status).toBe(401);

    const post = await slash('post');
    expect(post.status).toBe(200);
    expect(JSON.stringify((await fake.waitForResponse(post.id, 20_000)).body)).toContain('with 4 pieces');
    const header = await fake.waitForMessage((m) => m.channel === CHANNEL && m.threadTs === undefined && m.text?.includes('only the ones worth your time') === true, 20_000);
    const replies = await until('four piece replies', async () => {
      const r = fake.threadReplies(CHANNEL, header.ts);
      return r.length >= 4 ? r : undefined;
    });
    expect(replies).toHaveLength(4);

    const takeaways = await slash('takeaways 2', 'U0MEMBER');
    expect(JSON.stringify((await fake.waitForResponse(takeaways.id)).body)).toMatch(/takeaways/i);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const postedBefore = fake.messages.filter((m) => m.channel === CHANNEL && m.ephemeralUser === undefined).length;

    // A restart finds nothing pending and nothing new: it posts nothing.
    const again = startSlackBot(cwd, fake);
    cleanups.push(() => {
      if (again.child.exitCode === null) again.child.kill('SIGKILL');
    });
    await until('healthz after restart', async () => ((await health()).status === 200 ? true : undefined));
    const second = await slash('post');
    const answer = await fake.waitForResponse(second.id, 20_000);
    expect(JSON.stringify(answer.body)).toMatch(/nothing new/i);
    expect(fake.messages.filter((m) => m.channel === CHANNEL && m.ephemeralUser === undefined).length).toBe(postedBefore);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(bot.output() + again.output()).not.toContain(fake.botToken);
  }, 90_000);
});
