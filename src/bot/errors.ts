import { DigestError } from '../errors.ts';
import type { ConfigIndex } from './config/config-index.ts';

/** Nothing by that id among what the caller may act on. */
export function notFound(message: string, hint?: string): DigestError {
  return new DigestError(message, { code: 'not-found', ...(hint === undefined ? {} : { hint }) });
}

/** A value the caller typed is not acceptable. */
export function invalidInput(message: string, hint?: string): DigestError {
  return new DigestError(message, { code: 'invalid-input', ...(hint === undefined ? {} : { hint }) });
}

/** The config file states this value, so chat may not change it: the answer names the file and the key. */
export function managedByConfig(what: string, key: string, index: Pick<ConfigIndex, 'fileLabel' | 'howToChange'>, action: 'change' | 'remove' = 'change'): DigestError {
  const message = action === 'remove'
    ? `Not removed: \`${key}\` in ${index.fileLabel} gives this channel ${what}, and only the file can take it away.`
    : `Not changed: \`${key}\` in ${index.fileLabel} sets ${what}, and only the file can change it.`;
  return new DigestError(message, {
    code: 'managed-by-config',
    hint: index.howToChange(key, action),
  });
}
