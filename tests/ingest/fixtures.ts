import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a feed fixture. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url));
}

/** A feed fixture's text. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
