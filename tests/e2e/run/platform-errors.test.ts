import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_FEEDS_DIR } from '../../../app/embedded-default.ts';
import { startFakeDiscord } from '../../fakes/discord-api.ts';
import { startFakeSlack } from '../../fakes/slack-api.ts';
import { GUILD_ID, GUILDS } from '../discord/discord-harness.ts';
import { SIGNING_SECRET } from '../slack/slack-harness.ts';
import { freePort, health, logLines, startBot, until } from './run-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A working directory with a config file: the sample feeds, a health port, Slack in HTTP mode on a free port. */
async function project(extra: Record<string, unknown> = {}): Promise<{ cwd: string; healthPort: number }> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'digest-errors-'));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  const healthPort = await freePort();
  const feeds = readdirSync(SAMPLE_FEEDS_DIR).filter((f) => f.endsWith('.xml')).map((f) => ({ url: path.join(SAMPLE_FEEDS_DIR, f) }));
  writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ sources: feeds, health: { port: healthPort }, slack: { mode: 'http', port: await freePort() }, ...extra }));
  return { cwd, healthPort };
}

function bot(cwd: string, env: Record<string, string>) {
  const started = startBot(cwd, env);
  cleanups.push(() => {
    if (started.child.exitCode === null) started.child.kill('SIGKILL');
  });
  return started;
}

describe('digest run: a rejected token names the variable and the fix, and exits 2', () => {
  it('Discord 401', async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS });
    cleanups.push(() => fake.close());
    const { cwd } = await project();
    const run = bot(cwd, { DISCORD_TOKEN: 'not-the-bot-token', DISCORD_API_URL: fake.apiUrl });
    expect(await run.exited).toBe(2);
    const stderr = run.output();
    expect(stderr).toContain('digest run: Discord rejected DISCORD_TOKEN (401 Unauthorized)\nSet DISCORD_TOKEN to the bot token from the Discord Developer Portal');
    expect(stderr).not.toMatch(/This is a bug|unexpected error|digest\.config\.yaml/);
    expect(stderr).not.toContain('not-the-bot-token');
    // One request, no retries: a rejected token is not an outage.
    expect(fake.calls.filter((c) => c.path === '/users/@me').map((c) => c.status)).toEqual([401]);
    expect(logLines(stderr).filter((l) => l.level >= 40)).toEqual([]);
  });

  it('Slack invalid_auth', async () => {
    const fake = await startFakeSlack();
    cleanups.push(() => fake.close());
    const { cwd } = await project();
    const run = bot(cwd, { SLACK_BOT_TOKEN: 'xoxb-revoked-or-wrong', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('digest run: Slack rejected SLACK_BOT_TOKEN (invalid_auth)\nSet SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…)');
    expect(run.output()).not.toMatch(/This is a bug|digest\.config\.yaml/);
    expect(fake.calls.map((c) => `${c.method} ${c.error ?? 'ok'}`)).toEqual(['auth.test invalid_auth']);
  });

  it('a malformed SLACK_BOT_TOKEN is an environment error naming the variable, not the config file', async () => {
    const { cwd } = await project();
    const run = bot(cwd, { SLACK_BOT_TOKEN: 'bot-token-without-prefix', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('env SLACK_BOT_TOKEN: the value must be a bot token starting with xoxb-');
    expect(run.output()).toContain('Fix the environment variable SLACK_BOT_TOKEN where it is set');
    expect(run.output()).not.toContain('digest.config.yaml');
  });
});

describe('digest run: an unreachable or failing platform is retried with backoff, logged once per state change, and shown in /healthz', () => {
  it('Slack unreachable: /healthz 503 with the reason, one log line however many attempts, SIGTERM ends the retries', async () => {
    const { cwd, healthPort } = await project();
    const closed = await freePort();
    const run = bot(cwd, { SLACK_BOT_TOKEN: 'xoxb-fine', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `http://127.0.0.1:${closed}/api/` });
    // Attempts at 0 s, 1 s, 3 s: wait for the third failure.
    const down = await until('three failed attempts', async () => {
      const h = await health(healthPort);
      return /attempt 3 failed/.test(h.body.checks['slack']?.detail ?? '') ? h : undefined;
    });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, checks: { slack: { ok: false, kind: 'unreachable', detail: expect.stringContaining(`Slack is unreachable at http://127.0.0.1:${closed}/api/: connection refused`) } } });
    const retryLines = logLines(run.output()).filter((l) => l.level >= 40);
    expect(retryLines.map((l) => l.msg)).toEqual([expect.stringMatching(/^Slack is unreachable at .*: connection refused.* — retrying with backoff \(1 s doubling to at most 60 s\); \/healthz answers 503 until it connects$/)]);
    expect(run.output()).not.toMatch(/fetch failed/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 30_000);

  it('a Discord 5xx storm: 503 while it lasts, one line when it starts and one when it ends, then ready', async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS });
    cleanups.push(() => fake.close());
    fake.failNext({ method: 'GET', path: '/users/@me' }, { status: 503, times: 3 });
    const { cwd, healthPort } = await project({ channels: [{ platform: 'discord', workspace: GUILD_ID, channel: GUILDS[0]!.channels[0]!.id, cron: '0 9 * * 1', timezone: 'UTC' }] });
    const run = bot(cwd, { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    const during = await until('the storm in /healthz', async () => {
      const h = await health(healthPort);
      return h.body.checks['discord']?.kind === 'server_error' ? h : undefined;
    });
    expect(during.status).toBe(503);
    expect(during.body.checks['discord']!.detail).toContain('Discord answered HTTP 503 (a Discord outage)');
    const up = await until('ready after the storm', async () => {
      const h = await health(healthPort);
      return h.status === 200 ? h : undefined;
    }, 25_000);
    expect(up.body).toMatchObject({ status: expect.stringMatching(/ok|degraded/), ready: true, checks: { discord: { ok: true, detail: expect.stringContaining('gateway ready') }, store: { ok: true } } });
    expect(Object.keys(up.body.checks).sort()).toEqual(['discord', 'ingest', 'llm', 'scheduler', 'store']);
    expect(fake.calls.filter((c) => c.path === '/users/@me').map((c) => c.status)).toEqual([503, 503, 503, 200]);
    const lines = logLines(run.output()).filter((l) => /retrying with backoff|reachable again/.test(l.msg)).map((l) => l.msg);
    expect(lines).toEqual([
      expect.stringMatching(/^Discord answered HTTP 503 \(a Discord outage\) — retrying with backoff/),
      expect.stringMatching(/^Discord is reachable again: connected after 4 attempts \(\d+ s\)$/),
    ]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 40_000);
});

describe('digest run: a port already in use is a config error naming the key', () => {
  it('slack.port taken: exit 2 naming slack.port', async () => {
    const fake = await startFakeSlack();
    cleanups.push(() => fake.close());
    const busy = createNetServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    cleanups.push(() => new Promise<void>((resolve) => busy.close(() => resolve())));
    const port = (busy.address() as { port: number }).port;
    const { cwd } = await project({ slack: { mode: 'http', port } });
    const run = bot(cwd, { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain(`digest run: slack.port ${port} is already in use\nSet slack.port in the config to a free port`);
  });
});
