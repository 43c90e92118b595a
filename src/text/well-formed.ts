const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/**
 * `text` with every lone surrogate replaced by U+FFFD, as String.prototype.toWellFormed does (ES2024, not in this
 * project's lib). A lone surrogate cannot be encoded as UTF-8, so a platform refuses the whole message for one.
 */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Whether `text` holds no lone surrogate. */
export function isWellFormed(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(text);
}
