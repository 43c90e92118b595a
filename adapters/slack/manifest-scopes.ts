import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const MANIFEST_PATH = path.join(import.meta.dirname, 'manifest.yaml');

/** The bot scopes the app manifest asks for: what a workspace install must grant. */
export function manifestBotScopes(file = MANIFEST_PATH): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
  const scopes = manifest.oauth_config?.scopes?.bot;
  return Array.isArray(scopes) ? scopes.map(String) : [];
}
