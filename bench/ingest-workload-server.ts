// Serves the 200-feed workload from this process and writes a `digest` config and a newsboat URL list for it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFeedServer, type FeedServer } from '../tests/fakes/feed-server.ts';
import { workload } from './ingest-workload.ts';

export interface WorkloadSetup {
  /** One listener per feed (a site each, as real feeds are), all in this process. */
  servers: FeedServer[];
  dir: string;
  /** The feeds' bytes as served. */
  bodies: Buffer[];
  urls: string[];
  totalBytes: number;
  /** A `digest` config reading every feed (and any `extraSources`) into `<dir>/<name>.db`. */
  writeDigestConfig(name: string, extraSources?: readonly string[]): string;
}

/**
 * Serves the workload from this process, each feed on its own port: ingest sends one request at a time to a host
 * (host:port), as politeness to real sites requires, and 200 real feeds live on about 200 hosts. Behind a single
 * port the run would measure that rule instead of ingest.
 */
export async function serveWorkload(count = 200): Promise<WorkloadSetup> {
  const feeds = workload(count);
  const servers = await Promise.all(feeds.map(() => startFeedServer()));
  const bodies = feeds.map((feed) => Buffer.from(feed.body, 'utf8'));
  feeds.forEach((feed, i) => servers[i]!.route(feed.path, { body: bodies[i]!, etag: `"w${i}"`, lastModified: 'Mon, 30 Mar 2026 09:00:00 GMT' }));
  const urls = feeds.map((feed, i) => servers[i]!.url(feed.path));
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-ingest-bench-'));
  return {
    servers,
    dir,
    bodies,
    urls,
    totalBytes: bodies.reduce((sum, body) => sum + body.byteLength, 0),
    writeDigestConfig(name, extraSources = []) {
      const file = path.join(dir, `${name}${extraSources.length > 0 ? '-extra' : ''}.yaml`);
      const lines = [
        `database:\n  sqlitePath: ${JSON.stringify(path.join(dir, `${name}.db`))}`,
        // Every feed is on 127.0.0.1: the per-host gap would measure the politeness rule, not ingest.
        'ingest:\n  allowPrivateNetworks: true\n  perHostIntervalMs: 0',
        'sources:',
        ...urls.map((url, i) => `  - url: ${JSON.stringify(url)}\n    name: "Site ${i}"`),
        ...extraSources.map((url, i) => `  - url: ${JSON.stringify(url)}\n    name: "Extra ${i}"`),
      ];
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    },
  };
}
