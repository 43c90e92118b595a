import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_FEEDS_DIR } from '../../../app/embedded-default.ts';
import { startFakeSlack } from '../../fakes/slack-api.ts';
import { freePort, health, startDigest, until } from './run-process.ts';
import { SIGNING_SECRET } from '../slack/slack-harness.ts';
import { slackSlash } from './slack-slash.ts';

const CHANNEL = 'C0DIGESTW';
const ADMIN = 'U0ADMIN';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('digest run with web.port (real process, fake Slack API)', () => {
  it("serves the archive; the posted header links the edition's page; /digest link gives the anchor; rotation takes the old address down", async () => {
    const fake = await startFakeSlack({ users: [{ id: ADMIN, is_admin: true }, { id: 'U0MEMBER' }] });
    cleanups.push(() => fake.close());
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-run-web-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const [slackPort, webPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${webPort}/`;
    const feeds = readdirSync(SAMPLE_FEEDS_DIR).filter((f) => f.endsWith('.xml')).map((f) => ({ url: path.join(SAMPLE_FEEDS_DIR, f) }));
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({
      sources: feeds,
      slack: { mode: 'http', port: slackPort },
      web: { port: webPort, host: '127.0.0.1', publicUrl },
      health: { port: healthPort },
      channels: [{ platform: 'slack', workspace: fake.teamId, channel: CHANNEL, cron: '0 9 * * 1', timezone: 'UTC' }],
    }));
    const bot = startDigest(cwd, ['run', '--config', 'digest.config.yaml'], {
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    cleanups.push(() => {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    });

    const send = slackSlash(fake, slackPort, CHANNEL, ADMIN);
    const slash = async (text: string, user = ADMIN): Promise<string> => JSON.stringify((await fake.waitForResponse((await send(text, user)).id, 60_000)).body);

    // The archive answers before anything was posted: its home page, and no channel on it.
    const home = await until('the web archive', async () => {
      const response = await fetch(publicUrl);
      return response.status === 200 ? response.text() : undefined;
    }, 30_000);
    expect(home).not.toContain(CHANNEL);

    // The archive is up before the first ingest cycle ends; until then there is nothing to post.
    // Post once the first ingest cycle has read every feed (/healthz says so), so the edition has all four pieces.
    await until('the first ingest cycle', async () => (JSON.stringify((await health(healthPort)).body).includes('sources read') ? true : undefined), 60_000);
    const isHeader = (m: { channel: string; threadTs?: string | undefined; text?: string | undefined }) => m.channel === CHANNEL && m.threadTs === undefined && m.text?.includes('only the ones worth your time') === true;
    expect(await slash('post')).toContain('with 4 pieces');
    const header = await fake.waitForMessage(isHeader, 20_000);
    const link = /<(http:\/\/127\.0\.0\.1:\d+\/c\/[A-Za-z0-9_-]{24}\/\d{4}-\d{2}-\d{2}\/)\|Read this edition on the web>/.exec(JSON.stringify(header.blocks))?.[1];
    expect(link, JSON.stringify(header.blocks)).toBeDefined();

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('← Back to digests');
    expect(html).toMatch(/<section class="piece" id="4"/);

    const linkReply = await slash('link 2', 'U0MEMBER');
    expect(linkReply).toContain(`${link}#2`);

    const rotated = await slash('settings archive rotate');
    const fresh = /New private link: (http:\/\/127\.0\.0\.1:\d+\/c\/[A-Za-z0-9_-]{24}\/)/.exec(rotated)?.[1];
    expect(fresh, rotated).toBeDefined();
    expect((await fetch(link!)).status).toBe(404);
    expect((await fetch(fresh!)).status).toBe(200);

    expect(await bot.stop()).toBe(0);
    // Capability URLs are secrets: the bot never logs one.
    const token = new URL(link!).pathname.split('/')[2]!;
    expect(bot.output()).not.toContain(token);
    expect(bot.output()).not.toContain(new URL(fresh!).pathname.split('/')[2]!);
  }, 180_000);
});
