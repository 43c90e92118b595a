import type { Reply } from '../../commands/reply.ts';
import { stripControl } from './render-digest.ts';
import { terminalText } from './terminal-markup.ts';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** A command Reply for a terminal: its markup styled (or dropped without colour), feed text shown as it is; errors are marked. */
export function renderReply(reply: Reply, options: { color: boolean }): string {
  const text = terminalText(reply.text, { color: options.color, clean: stripControl });
  if (reply.kind === 'error') return options.color ? `${RED}✗${RESET} ${text}` : `✗ ${text}`;
  return text;
}
