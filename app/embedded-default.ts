import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Where the repository's bundled sample feeds live. */
export const SAMPLE_FEEDS_DIR = path.resolve(import.meta.dirname, '..', 'examples', 'feeds');

/**
 * The configuration used when no config file exists: the bundled sample feeds (local files, so no
 * network), the console channel, SQLite in ./data, and whatever summariser the environment allows.
 */
export function embeddedDefault(): unknown {
  const feeds = readdirSync(SAMPLE_FEEDS_DIR).filter((f) => f.endsWith('.xml')).sort();
  return {
    // Local files have no article pages to fetch.
    sources: feeds.map((file) => ({ url: path.join(SAMPLE_FEEDS_DIR, file), fullText: false })),
    channels: [CONSOLE_CHANNEL_CONFIG],
  };
}

/** The terminal's channel (src/bot/config/config-index.ts CONSOLE_REF): `digest command "…"` and the console adapter talk to it. */
export const CONSOLE_CHANNEL_CONFIG = { platform: 'console', workspace: 'local', channel: 'terminal' } as const;
