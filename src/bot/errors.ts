import { DigestError } from '../errors.ts';

/** Nothing by that id among what the caller may act on. */
export function notFound(message: string, hint?: string): DigestError {
  return new DigestError(message, { code: 'not-found', ...(hint === undefined ? {} : { hint }) });
}

/** A value the caller typed is not acceptable. */
export function invalidInput(message: string, hint?: string): DigestError {
  return new DigestError(message, { code: 'invalid-input', ...(hint === undefined ? {} : { hint }) });
}

/** The config file states this value, so chat may not change it: the answer names the file and the key. */
export function managedByConfig(what: string, key: string, file: string): DigestError {
  return new DigestError(`${what} is set in ${file} (\`${key}\`), so it cannot be changed from chat; nothing was changed.`, {
    code: 'managed-by-config',
    hint: `Change \`${key}\` in ${file} and restart the bot.`,
  });
}
