import type { DigestErrorCode } from '../src/errors.ts';

/**
 * A platform-neutral answer to a command. `text` is lightly-marked plain text: `**bold**`, `_italic_`,
 * lines starting with `• ` as bullets, bare URLs. Feed-derived text appears verbatim; each adapter
 * escapes it for its platform.
 */
export interface Reply {
  visibility: 'ephemeral' | 'in_channel';
  kind: 'ok' | 'error';
  text: string;
  /** For an error: its stable code, when the failure had one (the CLI turns it into an exit status). */
  code?: DigestErrorCode;
}

/** A private success answer. */
export function okReply(text: string, visibility: Reply['visibility'] = 'ephemeral'): Reply {
  return { visibility, kind: 'ok', text };
}

/** A private error answer: wrong input and failures are only shown to the person who typed the command. */
export function errorReply(text: string, code?: DigestErrorCode): Reply {
  return code === undefined ? { visibility: 'ephemeral', kind: 'error', text } : { visibility: 'ephemeral', kind: 'error', text, code };
}
