import { z } from 'zod';
import { checkCron, cronExpression } from '../src/rules/cron.ts';
import { feedLocation } from '../src/rules/feed-location.ts';
import { ianaTimezone } from '../src/rules/timezone.ts';
import { type Actor } from '../src/bot/actor.ts';
import type { Channel } from '../src/domain/channel.ts';
import { DigestError } from '../src/errors.ts';
import type { CommandContext } from './invocation.ts';
import type { Reply } from './reply.ts';

/** A resolver's outcome: option values are resolved to a result instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

interface OptionBase<N extends string, R extends boolean> {
  name: N;
  description: string;
  required: R;
}
/** A whole number, optionally bounded. */
export interface IntegerOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'integer';
  min?: number;
  max?: number;
}
/** A single token (or a quoted phrase) of free text. */
export interface StringOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'string';
  maxLength: number;
}
/** One of a fixed list of lower-case values. */
export interface ChoiceOption<N extends string = string, R extends boolean = boolean, C extends string = string> extends OptionBase<N, R> {
  type: 'choice';
  choices: readonly C[];
}
/** A feed location (http(s) URL; file path or URL on the console). */
export interface UrlOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'url';
}
/** A 5-field cron expression. */
export interface CronOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'cron';
}
/** An IANA timezone such as Europe/London. */
export interface TimezoneOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'timezone';
}
/** The rest of the line, as typed (must be the last option). */
export interface WordsOption<N extends string = string, R extends boolean = boolean> extends OptionBase<N, R> {
  type: 'words';
  maxLength: number;
}

/** Any option declaration. */
export type OptionDecl = IntegerOption | StringOption | ChoiceOption | UrlOption | CronOption | TimezoneOption | WordsOption;

/** The resolved value type of one option declaration. */
export type OptionValue<O> = O extends { type: 'integer' } ? number : O extends { type: 'choice'; choices: readonly (infer C)[] } ? C : string;

type Simplify<T> = { [K in keyof T]: T[K] };

/** Handler arguments inferred from option declarations: required options are present, others optional. */
export type ArgsOf<Opts extends readonly OptionDecl[]> = Simplify<
  { [O in Opts[number] as O extends { required: true } ? O['name'] : never]: OptionValue<O> } & {
    [O in Opts[number] as O extends { required: true } ? never : O['name']]?: OptionValue<O>;
  }
>;

/** What a handler gets besides its arguments: the invocation plus the stored channel. */
export interface RunContext extends CommandContext {
  /** The channel as stored (created with the defaults on first sight). */
  record: Channel;
  /** The caller as the use cases know them: an admin (or member) of this channel. */
  actor: Actor;
}

/** One runnable subcommand. */
export interface SubcommandDecl {
  name: string;
  description: string;
  permission: 'member' | 'admin';
  /** Deferred: adapters acknowledge first because the handler may take seconds. */
  slow?: boolean;
  options: readonly OptionDecl[];
  run(args: Record<string, unknown>, ctx: RunContext): Promise<Reply>;
}

/** A named group of subcommands (`/digest sources add`). */
export interface GroupDecl {
  name: string;
  description: string;
  subcommands: readonly SubcommandDecl[];
}

/** A whole slash command. */
export interface CommandDecl {
  name: string;
  description: string;
  subcommands: readonly SubcommandDecl[];
  groups: readonly GroupDecl[];
  /** Subcommand run when the text is empty (`/digest` → `latest`). */
  defaultSubcommand?: string;
}

type Flags<R extends boolean> = { required?: R };

/** Option builders: literal names and `required` flags flow into the handler's argument type. */
export const option = {
  integer<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> & { min?: number; max?: number } = {}): IntegerOption<N, R> {
    return { type: 'integer', name, description, required: (extra.required ?? false) as R, ...(extra.min === undefined ? {} : { min: extra.min }), ...(extra.max === undefined ? {} : { max: extra.max }) };
  },
  string<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> & { maxLength?: number } = {}): StringOption<N, R> {
    return { type: 'string', name, description, required: (extra.required ?? false) as R, maxLength: extra.maxLength ?? 100 };
  },
  choice<const N extends string, const C extends string, const R extends boolean = false>(name: N, description: string, choices: readonly C[], extra: Flags<R> = {}): ChoiceOption<N, R, C> {
    return { type: 'choice', name, description, required: (extra.required ?? false) as R, choices };
  },
  url<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> = {}): UrlOption<N, R> {
    return { type: 'url', name, description, required: (extra.required ?? false) as R };
  },
  cron<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> = {}): CronOption<N, R> {
    return { type: 'cron', name, description, required: (extra.required ?? false) as R };
  },
  timezone<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> = {}): TimezoneOption<N, R> {
    return { type: 'timezone', name, description, required: (extra.required ?? false) as R };
  },
  words<const N extends string, const R extends boolean = false>(name: N, description: string, extra: Flags<R> & { maxLength?: number } = {}): WordsOption<N, R> {
    return { type: 'words', name, description, required: (extra.required ?? false) as R, maxLength: extra.maxLength ?? 500 };
  },
};

/** Declares a subcommand; `run` receives arguments typed from `options`. */
export function defineSubcommand<const O extends readonly OptionDecl[]>(decl: {
  name: string;
  description: string;
  permission: 'member' | 'admin';
  slow?: boolean;
  options?: O;
  run(args: ArgsOf<O>, ctx: RunContext): Promise<Reply>;
}): SubcommandDecl {
  return {
    name: decl.name,
    description: decl.description,
    permission: decl.permission,
    ...(decl.slow === undefined ? {} : { slow: decl.slow }),
    options: decl.options ?? [],
    // The dispatcher only calls run with values produced by resolveOptions for these declarations.
    run: decl.run as (args: Record<string, unknown>, ctx: RunContext) => Promise<Reply>,
  };
}

/** Declares a group of subcommands. */
export function defineGroup(decl: GroupDecl): GroupDecl {
  return decl;
}

/** Declares a slash command from its subcommands and groups. */
export function defineCommand(decl: {
  name: string;
  description: string;
  subcommands?: readonly SubcommandDecl[];
  groups?: readonly GroupDecl[];
  defaultSubcommand?: string;
}): CommandDecl {
  return {
    name: decl.name,
    description: decl.description,
    subcommands: decl.subcommands ?? [],
    groups: decl.groups ?? [],
    ...(decl.defaultSubcommand === undefined ? {} : { defaultSubcommand: decl.defaultSubcommand }),
  };
}

// --- validation at the edge

const integerText = z.string().trim().regex(/^[-+]?\d{1,15}$/);

/** The zod schema for one option; text input arrives as strings, structured input may be numbers. */
export function optionSchema(decl: OptionDecl): z.ZodType<unknown> {
  switch (decl.type) {
    case 'integer': {
      let n = z.number().int();
      if (decl.min !== undefined) n = n.min(decl.min);
      if (decl.max !== undefined) n = n.max(decl.max);
      return z.union([z.number(), integerText.transform(Number)]).pipe(n);
    }
    case 'string':
    case 'words':
      return z.string().trim().min(1).max(decl.maxLength);
    case 'choice':
      return z.string().trim().toLowerCase().pipe(z.enum(decl.choices as [string, ...string[]]));
    case 'url':
      // Slack may wrap links as <https://x> or <https://x|label>.
      return z.string().trim().max(2000).transform((s) => /^<(https?:[^|>]+)(\|[^>]*)?>$/i.exec(s)?.[1] ?? s).pipe(feedLocation);
    case 'cron':
      return cronExpression;
    case 'timezone':
      return z.string().trim().min(1).max(64).pipe(ianaTimezone);
  }
}

/** Why a value was refused, in a short sentence the user can act on. */
function describeRejection(decl: OptionDecl, raw: unknown): string {
  const shown = typeof raw === 'string' ? `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"` : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : `a ${typeof raw}`;
  switch (decl.type) {
    case 'integer': {
      const range = decl.min !== undefined && decl.max !== undefined ? ` from ${decl.min} to ${decl.max}` : decl.min !== undefined ? ` of at least ${decl.min}` : decl.max !== undefined ? ` of at most ${decl.max}` : '';
      return `\`${decl.name}\` must be a whole number${range}; got ${shown}.`;
    }
    case 'string':
    case 'words':
      return typeof raw === 'string' && raw.trim().length > decl.maxLength
        ? `\`${decl.name}\` is too long (at most ${decl.maxLength} characters).`
        : `\`${decl.name}\` must not be empty.`;
    case 'choice':
      return `\`${decl.name}\` must be one of ${decl.choices.join(', ')}; got ${shown}.`;
    case 'url':
      return `\`${decl.name}\` ${shown} is not an http(s) URL.`;
    case 'cron': {
      const check = typeof raw === 'string' ? checkCron(raw) : undefined;
      const problem = check === undefined || check.ok ? 'is not a cron expression' : check.problem;
      return `\`${decl.name}\` ${shown}: ${problem}. A cron has five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5".`;
    }
    case 'timezone':
      return `\`${decl.name}\` ${shown} is not an IANA timezone (e.g. Europe/London, America/New_York, UTC).`;
  }
}

/** Resolves one raw value against its declaration; never throws. */
export function resolveOption(decl: OptionDecl, raw: unknown): Result<unknown> {
  try {
    const parsed = optionSchema(decl).safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, error: describeRejection(decl, raw) };
  } catch {
    return { ok: false, error: describeRejection(decl, raw) };
  }
}

/** Resolves all options of a subcommand; the first problem wins. Unknown option names are refused. */
export function resolveOptions(sub: SubcommandDecl, raw: Record<string, unknown>, usage: string): Result<Record<string, unknown>> {
  const known = new Set(sub.options.map((o) => o.name));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) return { ok: false, error: `\`${sub.name}\` has no option \`${key}\`. Usage: ${usage}` };
  }
  const values: Record<string, unknown> = {};
  for (const decl of sub.options) {
    const value = Object.hasOwn(raw, decl.name) ? raw[decl.name] : undefined;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (decl.required) return { ok: false, error: `Missing \`${decl.name}\` (${decl.description}). Usage: ${usage}` };
      continue;
    }
    const resolved = resolveOption(decl, value);
    if (!resolved.ok) return { ok: false, error: `${resolved.error} Usage: ${usage}` };
    values[decl.name] = resolved.value;
  }
  return { ok: true, value: values };
}

// --- start-up check against Discord's limits

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Problems with a declaration under Discord's application-command limits; empty when it is fine. */
export function validateDeclaration(decl: CommandDecl): string[] {
  const problems: string[] = [];
  const checkName = (where: string, name: string): void => {
    if (!NAME.test(name) || name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be 1–32 lower-case letters, digits, - or _`);
  };
  const checkDescription = (where: string, description: string): void => {
    if (description.length < 1 || description.length > 100) problems.push(`${where}: description must be 1–100 characters (has ${description.length})`);
  };
  const checkUnique = (where: string, names: string[]): void => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) problems.push(`${where}: duplicate name "${n}"`);
      seen.add(n);
    }
  };
  const checkSub = (where: string, sub: SubcommandDecl): void => {
    checkName(where, sub.name);
    checkDescription(where, sub.description);
    if (sub.options.length > 25) problems.push(`${where}: ${sub.options.length} options (at most 25)`);
    checkUnique(where, sub.options.map((o) => o.name));
    let seenOptional = false;
    sub.options.forEach((o, i) => {
      const at = `${where} ${o.name}`;
      checkName(at, o.name);
      checkDescription(at, o.description);
      // Discord requires required options first; the text parser relies on the same order.
      if (o.required && seenOptional) problems.push(`${at}: a required option must come before optional ones`);
      if (!o.required) seenOptional = true;
      if (o.type === 'words' && i !== sub.options.length - 1) problems.push(`${at}: a words option takes the rest of the line, so it must be last`);
      if (o.type === 'choice') {
        if (o.choices.length < 1 || o.choices.length > 25) problems.push(`${at}: ${o.choices.length} choices (1–25)`);
        for (const c of o.choices) if (c.length < 1 || c.length > 100) problems.push(`${at}: choice "${c}" must be 1–100 characters`);
      }
      if ((o.type === 'string' || o.type === 'words') && (o.maxLength < 1 || o.maxLength > 6000)) problems.push(`${at}: maxLength must be 1–6000`);
      if (o.type === 'integer' && o.min !== undefined && o.max !== undefined && o.min > o.max) problems.push(`${at}: min is above max`);
    });
  };
  checkName('command', decl.name);
  checkDescription('command', decl.description);
  const top = decl.subcommands.length + decl.groups.length;
  if (top === 0) problems.push('command: has no subcommands');
  if (top > 25) problems.push(`command: ${top} subcommands and groups (at most 25)`);
  checkUnique('command', [...decl.subcommands.map((s) => s.name), ...decl.groups.map((g) => g.name)]);
  for (const sub of decl.subcommands) checkSub(sub.name, sub);
  for (const group of decl.groups) {
    checkName(group.name, group.name);
    checkDescription(group.name, group.description);
    if (group.subcommands.length < 1 || group.subcommands.length > 25) problems.push(`${group.name}: ${group.subcommands.length} subcommands (1–25)`);
    checkUnique(group.name, group.subcommands.map((s) => s.name));
    for (const sub of group.subcommands) checkSub(`${group.name} ${sub.name}`, sub);
  }
  if (decl.defaultSubcommand !== undefined && !decl.subcommands.some((s) => s.name === decl.defaultSubcommand)) {
    problems.push(`command: default subcommand "${decl.defaultSubcommand}" is not declared`);
  }
  const size = discordCommandSize(decl);
  if (size > DISCORD_COMMAND_BUDGET) problems.push(`command: names, descriptions and choices add up to ${size} characters (at most ${DISCORD_COMMAND_BUDGET})`);
  return problems;
}

/** Discord's cap on one command: the characters of every name, description and choice value in it. */
export const DISCORD_COMMAND_BUDGET = 8000;

/**
 * What Discord counts against DISCORD_COMMAND_BUDGET: the name and description of the command and of every group,
 * subcommand and option, and the name and value of every choice (JSON punctuation and keys do not count).
 */
export function discordCommandSize(decl: CommandDecl): number {
  const text = (item: { name: string; description: string }) => item.name.length + item.description.length;
  const ofSub = (sub: SubcommandDecl) => text(sub) + sub.options.reduce((n, o) => n + text(o) + (o.type === 'choice' ? o.choices.reduce((c, choice) => c + 2 * choice.length, 0) : 0), 0);
  return text(decl) + decl.subcommands.reduce((n, s) => n + ofSub(s), 0) + decl.groups.reduce((n, g) => n + text(g) + g.subcommands.reduce((m, s) => m + ofSub(s), 0), 0);
}

/** Start-up guard: throws a DigestError listing every problem when the declaration breaks Discord's limits. */
export function assertValidDeclaration(decl: CommandDecl): void {
  const problems = validateDeclaration(decl);
  if (problems.length > 0) {
    throw new DigestError(`the /${decl.name} command declaration is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`, { hint: 'Fix the declaration in commands/ before registering it.' });
  }
}

/** Finds the subcommand at a path (`['takeaways']`, `['sources', 'add']`). */
export function findSubcommand(decl: CommandDecl, path: readonly string[]): { sub: SubcommandDecl; group?: GroupDecl } | undefined {
  if (path.length === 1) {
    const sub = decl.subcommands.find((s) => s.name === path[0]);
    return sub === undefined ? undefined : { sub };
  }
  if (path.length === 2) {
    const group = decl.groups.find((g) => g.name === path[0]);
    const sub = group?.subcommands.find((s) => s.name === path[1]);
    return group === undefined || sub === undefined ? undefined : { sub, group };
  }
  return undefined;
}

/** `/digest takeaways <n> [digest]` */
export function usageLine(decl: CommandDecl, path: readonly string[], sub: SubcommandDecl): string {
  const args = sub.options.map((o) => {
    const label = o.type === 'words' ? `${o.name}…` : o.type === 'choice' ? o.choices.join('|') : o.name;
    return o.required ? `<${label}>` : `[${label}]`;
  });
  return `/${[decl.name, ...path, ...args].join(' ')}`;
}
