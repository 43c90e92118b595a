import type { Reply } from '../../commands/reply.ts';
import { stripControl } from './render-digest.ts';

const BOLD = '\u001b[1m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** A command Reply for a terminal: `**bold**` becomes bold (or plain without colour); errors are marked. */
export function renderReply(reply: Reply, options: { color: boolean }): string {
  const text = stripControl(reply.text).replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => (options.color ? `${BOLD}${inner}${RESET}` : inner));
  if (reply.kind === 'error') return options.color ? `${RED}✗${RESET} ${text}` : `✗ ${text}`;
  return text;
}
