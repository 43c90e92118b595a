/** Zero-width joiner: keeps the text readable while breaking the token a platform would parse. */
const ZWJ = '\u200d';

/** Invisible characters an attacker may slip between `@`/`<` and the mention to dodge a filter. */
const INVISIBLE = '(?:[\\u200b-\\u200f\\u2060-\\u2064\\ufeff\\u00ad\\u180e]|\\u034f)';
const AT = '[@＠﹫]';

const broadcast = new RegExp(`${AT}${INVISIBLE}*(everyone|here|channel)`, 'giu');
const bracketed = new RegExp(`<${INVISIBLE}*([@#!])([^<>]*)>`, 'gu');

/**
 * Makes every mention form inert in plain text: `@everyone`/`@here`/`@channel` (any case, also with a
 * full-width or small ＠ and with invisible characters after it), Discord's `<@id>`, `<@!id>`,
 * `<@&role>`, `<#channel>`, and Slack's `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, `<@U…>`.
 * Applied to LLM output in the core; adapters still escape for their own platform (two locks).
 * Idempotent: neutralising twice gives the same text.
 */
export function neutraliseMentions(text: string): string {
  return text
    // Angle brackets become single angle quotation marks, which no platform parses as a mention.
    .replace(bracketed, (_m, sigil: string, inner: string) => `‹${sigil}${inner}›`)
    .replace(broadcast, (_m, word: string) => `@${ZWJ}${word}`);
}
