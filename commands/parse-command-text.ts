import { closest } from '../src/text/closest.ts';
import { findSubcommand, usageLine, type CommandDecl, type Result, type SubcommandDecl } from './define-command.ts';

export { closest, editDistance } from '../src/text/closest.ts';

/** A command typed as text, resolved to its subcommand path and raw (string) option values. */
export interface ParsedCommandText {
  path: string[];
  options: Record<string, string>;
}

const OPENERS: Record<string, string> = { '"': '"“”', '“': '”"', '”': '”"', '„': '“”"', '«': '»', "'": "'’", '‘': "’'" };

interface Token {
  value: string;
  /** Offset in the text where the token starts. */
  start: number;
  quoted: boolean;
}

/** Splits text into words; a word starting with a quote runs to the matching closing quote. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const start = i;
    const ch = text[i] ?? '';
    const closers = OPENERS[ch];
    if (closers !== undefined) {
      let j = i + 1;
      while (j < text.length && !(closers.includes(text[j] ?? '') && (j + 1 === text.length || /\s/.test(text[j + 1] ?? '')))) j++;
      if (j < text.length) {
        tokens.push({ value: text.slice(i + 1, j), start, quoted: true });
        i = j + 1;
        continue;
      }
      // No closing quote: read it as an ordinary word.
    }
    while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
    tokens.push({ value: text.slice(start, i), start, quoted: false });
  }
  return tokens;
}

function shown(word: string): string {
  return word.length > 30 ? `${word.slice(0, 30)}…` : word;
}

/**
 * Parses the text after `/digest` (Slack, console): `takeaways 2`, `ask 2 "does it generalise?"`,
 * `sources add https://x name with spaces`. Empty text runs the default subcommand. Never throws.
 */
export function parseCommandText(decl: CommandDecl, text: string): Result<ParsedCommandText> {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first === undefined) {
    return decl.defaultSubcommand === undefined
      ? { ok: false, error: `Which command? Try \`/${decl.name} help\`.` }
      : { ok: true, value: { path: [decl.defaultSubcommand], options: {} } };
  }
  const head = first.value.toLowerCase();
  const group = decl.groups.find((g) => g.name === head);
  let path: string[];
  let rest: Token[];
  if (group !== undefined) {
    const second = tokens[1];
    const names = group.subcommands.map((s) => s.name);
    if (second === undefined) {
      return { ok: false, error: `\`/${decl.name} ${group.name}\` needs a subcommand: ${names.join(', ')}.` };
    }
    const subName = second.value.toLowerCase();
    if (!names.includes(subName)) {
      const guess = closest(subName, names);
      return { ok: false, error: `Unknown command \`${group.name} ${shown(second.value)}\`.${guess === undefined ? '' : ` Did you mean \`/${decl.name} ${group.name} ${guess}\`?`} Choose from: ${names.join(', ')}.` };
    }
    path = [group.name, subName];
    rest = tokens.slice(2);
  } else {
    const names = decl.subcommands.map((s) => s.name);
    if (!names.includes(head)) {
      const all = [...names, ...decl.groups.map((g) => g.name)];
      const guess = closest(head, all);
      return { ok: false, error: `Unknown command \`${shown(first.value)}\`.${guess === undefined ? '' : ` Did you mean \`/${decl.name} ${guess}\`?`} See \`/${decl.name} help\`.` };
    }
    path = [head];
    rest = tokens.slice(1);
  }
  const found = findSubcommand(decl, path);
  if (found === undefined) return { ok: false, error: `Unknown command \`${path.join(' ')}\`.` };
  return bindOptions(decl, path, found.sub, text, rest);
}

/** Assigns the remaining words to the subcommand's options in declaration order. */
function bindOptions(decl: CommandDecl, path: string[], sub: SubcommandDecl, text: string, tokens: Token[]): Result<ParsedCommandText> {
  const usage = usageLine(decl, path, sub);
  const options: Record<string, string> = {};
  let i = 0;
  for (const o of sub.options) {
    const token = tokens[i];
    if (token === undefined) {
      if (o.required) return { ok: false, error: `Missing \`${o.name}\` (${o.description}). Usage: ${usage}` };
      continue;
    }
    if (o.type === 'words') {
      const restTokens = tokens.slice(i);
      // One quoted phrase is unwrapped; otherwise the rest of the line is taken as typed.
      options[o.name] = restTokens.length === 1 && token.quoted ? token.value : text.slice(token.start).trim();
      i = tokens.length;
      continue;
    }
    if (o.type === 'cron' && !token.quoted) {
      // A cron expression is five words; take them unquoted too.
      const fields = tokens.slice(i, i + 5);
      options[o.name] = fields.map((t) => t.value).join(' ');
      i += fields.length;
      continue;
    }
    options[o.name] = token.value;
    i++;
  }
  if (i < tokens.length) {
    const extra = tokens.slice(i).map((t) => t.value).join(' ');
    return { ok: false, error: `Too many arguments: \`${shown(extra)}\`. Usage: ${usage}` };
  }
  return { ok: true, value: { path, options } };
}
