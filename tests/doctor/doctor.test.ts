import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../app/cli/main.ts';
import type { ChecklistEntry } from '../../src/doctor/checklist.ts';
import { openSqlite } from '../../src/store/connect.ts';
import { migrateStore } from '../../src/store/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { startFakeDiscord } from '../fakes/discord-api.ts';
import { startFakeOpenAiServer, type FakeOpenAiOptions } from '../fakes/openai-server.ts';
import { MANIFEST_SCOPES, startFakeSlack, type FakeSlackOptions } from '../fakes/slack-api.ts';
import { startFakeSocketMode } from '../fakes/slack-socket-mode.ts';
import { freePort } from '../e2e/run/run-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A directory with a config file (JSON is YAML); `digest doctor --json` run in it, in process. */
async function doctor(options: { config?: Record<string, unknown> | string; env?: Record<string, string>; text?: boolean } = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'digest-doctor-'));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  const config = options.config ?? {};
  writeFileSync(path.join(cwd, 'digest.config.yaml'), typeof config === 'string' ? config : JSON.stringify({ sources: [], ...config }));
  return runDoctor(cwd, options.env ?? {}, options.text === true);
}

async function runDoctor(cwd: string, env: Record<string, string>, text = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await main(['doctor', ...(text ? [] : ['--json'])], { stdout, stderr, environment: env, cwd });
  const checks = text ? [] : (JSON.parse(out) as { checks: ChecklistEntry[] }).checks;
  const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
  return { code, out, err, checks, byName };
}

const slackFake = async (options: FakeSlackOptions = {}) => {
  const fake = await startFakeSlack(options);
  cleanups.push(() => fake.close());
  return fake;
};
const llmFake = async (options: FakeOpenAiOptions = {}) => {
  const fake = await startFakeOpenAiServer({ models: ['small-model', 'other-model'], ...options });
  cleanups.push(() => fake.close());
  return fake;
};

describe('digest doctor', () => {
  it('passes a deployment that works: Discord, Slack (HTTP), the LLM, the database and the ports, exit 0', async () => {
    const discord = await startFakeDiscord();
    cleanups.push(() => discord.close());
    const slack = await slackFake();
    const llm = await llmFake({ apiKey: 'sk-test' });
    llm.enqueue({ kind: 'json', body: { ok: true } });
    const [healthPort, slackPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const run = await doctor({
      config: { health: { port: healthPort }, slack: { mode: 'http', port: slackPort }, web: { port: webPort, host: '127.0.0.1' } },
      env: { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, LLM_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-test',
        LLM_MODEL: 'small-model' },
    });
    expect(run.checks.map((c) => [c.name, c.status])).toEqual([
      ['config', 'pass'],
      ['environment', 'pass'],
      ['database', 'pass'],
      ['discord token', 'pass'],
      ['slack bot token', 'pass'],
      ['llm', 'pass'],
      ['health port', 'pass'],
      ['slack port', 'pass'],
      ['web port', 'pass'],
      ['ports', 'pass'],
    ]);
    expect(run.code).toBe(0);
    expect(run.byName['discord token']!.detail).toBe(`DISCORD_TOKEN accepted: bot digest-bot (${discord.botUserId})`);
    expect(run.byName['slack bot token']!.detail).toContain('every scope the manifest asks for');
    expect(run.byName['llm']!.detail).toBe(`${llm.baseURL}, model "small-model" (listed), structured output works`);
    expect(run.byName['environment']!.detail).toBe('Discord (DISCORD_TOKEN), Slack in http mode (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET), an LLM (LLM_BASE_URL, OPENAI_API_KEY), SQLite');
    // One tiny structured request, no more.
    expect(llm.requests).toHaveLength(1);
    expect(llm.problems).toEqual([]);
    expect(JSON.stringify(run.checks)).not.toMatch(new RegExp(`${discord.token}|${slack.botToken}|sk-test`));
  });

  it('prints a checklist with the fix under each failure', async () => {
    const discord = await startFakeDiscord();
    cleanups.push(() => discord.close());
    const run = await doctor({ env: { DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: discord.apiUrl }, text: true });
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^✓ config {9}\/.*digest\.config\.yaml: 0 sources, 0 channels$/);
    expect(lines.slice(1, 2)).toEqual(['✓ environment    Discord (DISCORD_TOKEN), SQLite']);
    expect(lines[2]).toMatch(/^✓ database {7}SQLite .+ will be created/);
    expect(lines[3]).toBe('✗ discord token  Discord rejected DISCORD_TOKEN (401 Unauthorized)');
    expect(lines[4]).toMatch(/^ {17}fix: Set DISCORD_TOKEN to the bot token from the Discord Developer Portal/);
    expect(run.out).toMatch(/\n\n1 of 5 checks failed\.\n$/);
  });

  it('config and environment errors name the key and the variable; the checks that need them are skipped', async () => {
    const run = await doctor({ config: 'selection:\n  pieces: 40\n', env: { SLACK_BOT_TOKEN: 'not-a-bot-token' } });
    expect(run.code).toBe(1);
    expect(run.byName['config']).toMatchObject({ status: 'fail', detail: 'selection.pieces: 40 is more than the maximum 10', fix: expect.stringMatching(/^Fix \/.*digest\.config\.yaml/) });
    expect(run.byName['environment']).toMatchObject({ status: 'fail', detail: 'SLACK_BOT_TOKEN: the value must be a bot token starting with xoxb-', fix: expect.stringContaining('Fix the environment variable SLACK_BOT_TOKEN') });
    expect(run.checks.slice(2).map((c) => c.status)).toEqual(['skip', 'skip', 'skip', 'skip']);
  });

  it('Slack: a missing scope is named against the manifest; a bad app token in socket mode; a missing signing secret', async () => {
    const slack = await slackFake({ scopes: MANIFEST_SCOPES.filter((s) => s !== 'users:read' && s !== 'groups:history') });
    const missing = await doctor({ config: { slack: { mode: 'http', port: await freePort() } }, env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl } });
    expect(missing.byName['slack bot token']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/lacks the scopes users:read, groups:history$/), fix: expect.stringContaining('reinstall the app') });

    const socket = await startFakeSocketMode();
    cleanups.push(() => socket.close());
    const withSocket = await slackFake({ socketMode: socket });
    const badApp = await doctor({ config: { slack: { mode: 'socket' } }, env: { SLACK_BOT_TOKEN: withSocket.botToken, SLACK_APP_TOKEN: 'xapp-wrong', SLACK_API_URL: withSocket.apiUrl } });
    expect(badApp.byName['slack bot token']!.status).toBe('pass');
    expect(badApp.byName['slack app token']).toMatchObject({ status: 'fail', detail: 'Slack rejected SLACK_APP_TOKEN (invalid_auth)', fix: expect.stringContaining('connections:write') });
    const goodApp = await doctor({ config: { slack: { mode: 'socket' } }, env: { SLACK_BOT_TOKEN: withSocket.botToken, SLACK_APP_TOKEN: socket.appToken, SLACK_API_URL: withSocket.apiUrl } });
    expect(goodApp.byName['slack app token']!.status).toBe('pass');
    expect(goodApp.code).toBe(0);

    const noSecret = await doctor({ config: { slack: { mode: 'http' } }, env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl } });
    expect(noSecret.byName['environment']).toMatchObject({ status: 'fail', detail: 'slack.mode is http but SLACK_SIGNING_SECRET is not set' });
  });

  it('unreachable and failing platforms fail with the reason', async () => {
    const closed = await freePort();
    const discord = await startFakeDiscord();
    cleanups.push(() => discord.close());
    discord.failNext({ path: '/users/@me' }, { status: 503 });
    const slackDown = await doctor({ env: { SLACK_BOT_TOKEN: 'xoxb-a', SLACK_APP_TOKEN: 'xapp-a', SLACK_API_URL: `http://127.0.0.1:${closed}/api/`, DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl } });
    expect(slackDown.byName['slack bot token']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^Slack is unreachable at .*connection refused/) });
    expect(slackDown.byName['discord token']).toMatchObject({ status: 'fail', detail: 'Discord answered HTTP 503 (a Discord outage)' });
    expect(slackDown.code).toBe(1);
  });

  it('LLM: a model not served, a rejected key, no structured output, text instead of JSON, unreachable', async () => {
    const llm = await llmFake({ apiKey: 'sk-right' });
    const env = (extra: Record<string, string>) => ({ LLM_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-right', LLM_MODEL: 'small-model', ...extra });
    expect((await doctor({ env: env({ LLM_MODEL: 'huge-model' }) })).byName['llm']).toMatchObject({ status: 'fail', detail: `${llm.baseURL} does not serve the model "huge-model" (it lists small-model, other-model)`,
      fix: expect.stringContaining('LLM_MODEL') });
    expect((await doctor({ env: env({ OPENAI_API_KEY: 'sk-wrong' }) })).byName['llm']).toMatchObject({ status: 'fail', detail: `${llm.baseURL} rejected the API key (HTTP 401)`, fix: expect.stringContaining('OPENAI_API_KEY') });
    llm.enqueue({ kind: 'raw', content: 'Sure! Here you go: ok' });
    expect((await doctor({ env: env({}) })).byName['llm']).toMatchObject({ status: 'fail', detail: expect.stringContaining('text that is not the requested JSON') });

    const plain = await llmFake({ structuredOutputs: false });
    expect((await doctor({ env: { LLM_BASE_URL: plain.baseURL, LLM_MODEL: 'small-model' } })).byName['llm']).toMatchObject({ status: 'fail',
      detail: `${plain.baseURL} refuses structured output (a strict json_schema response format) for "small-model"` });
    const closed = await freePort();
    expect((await doctor({ env: { LLM_BASE_URL: `http://127.0.0.1:${closed}/v1` } })).byName['llm']).toMatchObject({ status: 'fail', detail: expect.stringContaining('connection refused'), fix: expect.stringContaining('LLM_BASE_URL') });
  });

  it('database: pending migrations warn, a newer schema or a file that is not a database fails', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-doctor-db-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const dbPath = path.join(cwd, 'digest.db');
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ sources: [], database: { sqlitePath: dbPath } }));
    const db = openSqlite(dbPath);
    await sql`create table t (x integer)`.execute(db);
    await db.destroy();
    expect((await runDoctor(cwd, {})).byName['database']).toMatchObject({ status: 'warn', detail: `SQLite ${dbPath} is at schema v0; this version migrates it to v${LATEST_SCHEMA_VERSION}`, fix: expect.stringContaining('digest migrate') });

    await migrateStore({ sqlitePath: dbPath });
    const current = await runDoctor(cwd, {});
    expect(current.byName['database']).toMatchObject({ status: 'pass', detail: `SQLite ${dbPath}, schema v${LATEST_SCHEMA_VERSION} (current), writable` });
    expect(current.code).toBe(0);

    const newer = openSqlite(dbPath);
    await sql`insert into kysely_migration (name, timestamp) values (${'9999_from_the_future'}, ${new Date().toISOString()})`.execute(newer);
    await newer.destroy();
    expect((await runDoctor(cwd, {})).byName['database']).toMatchObject({ status: 'fail', detail: expect.stringContaining('newer than this version of the bot knows') });

    writeFileSync(dbPath, 'this is not a database'.repeat(100));
    const broken = await runDoctor(cwd, {});
    expect(broken.byName['database']).toMatchObject({ status: 'fail', detail: expect.stringContaining('not a database') });
    expect(broken.code).toBe(1);
  });

  it('a port in use warns (it may be this bot) without failing the run', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    cleanups.push(() => new Promise<void>((resolve) => busy.close(() => resolve())));
    const port = (busy.address() as { port: number }).port;
    const run = await doctor({ config: { health: { port } } });
    expect(run.byName['health port']).toMatchObject({ status: 'warn', detail: `the /healthz port ${port} is in use`, fix: expect.stringContaining('health.port') });
    expect(run.code).toBe(0);
  });

  it('fails two servers configured on one port, naming both settings', async () => {
    const port = await freePort();
    const run = await doctor({ config: { health: { port }, web: { port } } });
    expect(run.byName['web port']).toMatchObject({ status: 'pass' });
    expect(run.byName['ports']).toMatchObject({ status: 'fail', detail: `health.port and web.port are both ${port}`, fix: expect.stringContaining('web.port') });
    expect(run.code).toBe(1);
  });
});
