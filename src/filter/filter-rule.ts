import { DigestError } from '../errors.ts';

/** Include rules keep only matching pieces; exclude rules drop matching ones. */
export type FilterAction = 'include' | 'exclude';
/** The parts of a piece a rule looks at. */
export type FilterField = 'title' | 'author' | 'text';

export const FILTER_FIELDS: readonly FilterField[] = ['title', 'author', 'text'];

/**
 * One per-channel filter as stored in the channel's settings. The same text syntax is accepted from
 * chat and from the config file (see parseFilterRule), so a rule reads the same wherever it was set.
 */
export interface FilterRule {
  action: FilterAction;
  /** 'keyword': a word or phrase, matched whole-word, ignoring case and accents; 'regex': RE2 syntax. */
  match: 'keyword' | 'regex';
  /** The keyword as typed (trimmed, spaces collapsed), or the regular expression's body without slashes. */
  pattern: string;
  /** Regex flags, a subset of "ims" in that order; '' for keywords. */
  flags: string;
  /** Which fields the rule looks at; every field when absent. */
  fields: FilterField[] | null;
}

/** Limits on filters, documented in docs/operations.md. */
export const FILTER_LIMITS = {
  /** Rules per channel. */
  rulesPerChannel: 50,
  /** Characters of a keyword or a regular expression. */
  patternLength: 200,
  /** Characters of a piece's text a rule looks at (the rest is not searched). */
  textChars: 200_000,
  /** RE2 program size (≈ instructions) above which a regular expression is refused as too large. */
  programSize: 5_000,
} as const;

/** A filter the user typed (or wrote in the config) cannot be accepted; the message says why and how to fix it. */
export class FilterError extends DigestError {
  constructor(message: string, options?: { hint?: string }) {
    super(message, { ...options, code: 'invalid-input' });
  }
}

const FIELD_PREFIX = /^(title|author|text)((?:,(?:title|author|text))*):(?=\S)/i;

/**
 * Reads a rule from the text an admin types: `crypto`, `"large language model"`, `/^\[event\]/i`, optionally
 * restricted to fields with a prefix: `title:/^\[event\]/`, `author,title:giveaway`. Throws FilterError.
 */
export function parseFilterRule(action: FilterAction, input: string): FilterRule {
  let text = input.trim();
  let fields: FilterField[] | null = null;
  const prefix = FIELD_PREFIX.exec(text);
  if (prefix !== null) {
    fields = [...new Set(prefix[0].slice(0, -1).toLowerCase().split(','))] as FilterField[];
    text = text.slice(prefix[0].length);
  }
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (regex !== null) {
    const body = regex[1] ?? '';
    const flags = normaliseFlags(regex[2] ?? '');
    if (body === '') throw new FilterError('The regular expression is empty.', { hint: 'Write it between slashes, e.g. /\\bgiveaway\\b/i.' });
    checkLength(body);
    return { action, match: 'regex', pattern: body, flags, fields };
  }
  const keyword = text.replace(/^["“”'](.*)["“”']$/s, '$1').replace(/\s+/g, ' ').trim();
  if (keyword === '') throw new FilterError('The filter is empty.', { hint: 'Give a word or phrase (e.g. crypto) or a regular expression between slashes (e.g. /^\\[event\\]/i).' });
  checkLength(keyword);
  return { action, match: 'keyword', pattern: keyword, flags: '', fields };
}

function normaliseFlags(flags: string): string {
  const unknown = [...flags].filter((f) => !'imsu'.includes(f));
  if (unknown.length > 0) {
    throw new FilterError(`Unknown regular expression flag${unknown.length > 1 ? 's' : ''} "${unknown.join('')}".`, {
      hint: 'Filters accept i (ignore case), m (^ and $ at line ends) and s (. matches newlines).',
    });
  }
  // Unicode is always on in RE2, so "u" is accepted and dropped.
  return ['i', 'm', 's'].filter((f) => flags.includes(f)).join('');
}

function checkLength(pattern: string): void {
  if (pattern.length > FILTER_LIMITS.patternLength) {
    throw new FilterError(`The filter is ${pattern.length} characters long; at most ${FILTER_LIMITS.patternLength}.`, { hint: 'Split it into several shorter filters.' });
  }
}

/** The rule as an admin would type it again: `exclude title:/^\[event\]/i`. */
export function describeFilterRule(rule: FilterRule): string {
  const body = rule.match === 'regex' ? `/${rule.pattern}/${rule.flags}` : /\s/.test(rule.pattern) ? `"${rule.pattern}"` : rule.pattern;
  return `${rule.action} ${rule.fields === null ? '' : `${rule.fields.join(',')}:`}${body}`;
}

/** The config file's form of a rule: `{ exclude: "crypto" }` or `{ include: "title:/alignment/i" }`. */
export type FilterRuleText = { include: string } | { exclude: string };

/** Reads the config file's form (same syntax as chat). Throws FilterError. */
export function parseFilterRuleText(entry: FilterRuleText): FilterRule {
  return 'include' in entry ? parseFilterRule('include', entry.include) : parseFilterRule('exclude', entry.exclude);
}
