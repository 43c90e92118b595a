import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../app/cli-process.ts';
import { articlePage, excerptFeed, startHostilePageServer, type HostilePageServer } from '../fakes/hostile-page-server.ts';

describe('digest preview of a local feed file', () => {
  let web: HostilePageServer;
  let dir: string;
  beforeAll(async () => {
    web = await startHostilePageServer();
    web.route('/article', { kind: 'static', body: articlePage("a local feed's article") });
    dir = mkdtempSync(path.join(tmpdir(), 'digest-preview-ft-'));
    writeFileSync(path.join(dir, 'feed.xml'), excerptFeed('Local', [{ guid: 'l1', link: `http://127.0.0.1:${web.port}/article` }]));
    // Private addresses allowed only so the article can live on the loopback fake; nothing else changes.
    writeFileSync(path.join(dir, 'digest.config.yaml'), 'ingest:\n  allowPrivateNetworks: true\n  perHostIntervalMs: 0\n');
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never fetches article pages unless asked with --full-text', async () => {
    const offline = await runCli(['preview', '--source', './feed.xml', '--json'], { cwd: dir });
    expect(offline.code).toBe(0);
    expect(web.requests).toHaveLength(0);
    const asked = await runCli(['preview', '--source', './feed.xml', '--full-text', '--json'], { cwd: dir });
    expect(asked.code).toBe(0);
    expect(web.requestsTo('/article')).toHaveLength(1);
    expect(asked.stdout).toContain('reward models');
  });
});
