import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidDeclaration, defineCommand, discordCommandSize, DISCORD_COMMAND_BUDGET, defineSubcommand, option, resolveOption, resolveOptions, validateDeclaration, type OptionDecl } from '../../commands/define-command.ts';
import { digestCommand } from '../../commands/digest-command.ts';
import { isSlowCommand } from '../../commands/dispatch.ts';
import { toDiscordCommandJson } from '../../commands/render-discord-json.ts';
import { renderHelp } from '../../commands/render-help.ts';
import { okReply } from '../../commands/reply.ts';

const noop = async () => okReply('ok');

describe('validateDeclaration', () => {
  it('the real /digest declaration passes Discord limits', () => {
    expect(validateDeclaration(digestCommand)).toEqual([]);
    expect(() => assertValidDeclaration(digestCommand)).not.toThrow();
    const bad = defineCommand({ name: 'BAD', description: 'x', subcommands: [defineSubcommand({ name: 'a', description: 'a', permission: 'member', run: noop })] });
    expect(() => assertValidDeclaration(bad)).toThrow(/name "BAD"/);
  });

  it('a bad declaration lists each problem', () => {
    const bad = defineCommand({
      name: 'Digest',
      description: '',
      subcommands: [
        defineSubcommand({ name: 'has space', description: 'x'.repeat(101), permission: 'member', run: noop }),
        defineSubcommand({
          name: 'many',
          description: 'ok',
          permission: 'member',
          options: [
            option.words('rest', 'rest of line'),
            option.integer('n', 'required after optional', { required: true }),
            option.choice('c', 'too many choices', Array.from({ length: 26 }, (_, i) => `c${i}`)),
          ],
          run: noop,
        }),
        ...Array.from({ length: 24 }, (_, i) => defineSubcommand({ name: `s${i}`, description: 'd', permission: 'member', run: noop })),
      ],
      defaultSubcommand: 'missing',
    });
    const problems = validateDeclaration(bad).join('\n');
    expect(problems).toContain('name "Digest"');
    expect(problems).toContain('command: description must be 1–100');
    expect(problems).toContain('name "has space"');
    expect(problems).toContain('has space: description must be 1–100 characters (has 101)');
    expect(problems).toContain('26 subcommands and groups (at most 25)');
    expect(problems).toContain('26 choices');
    expect(problems).toContain('required option must come before optional');
    expect(problems).toContain('words option takes the rest of the line');
    expect(problems).toContain('default subcommand "missing"');
  });
});

describe('toDiscordCommandJson', () => {
  const json = toDiscordCommandJson(digestCommand) as {
    type: number;
    name: string;
    default_member_permissions?: unknown;
    dm_permission: boolean;
    contexts: number[];
    options: { type: number; name: string; description: string;
      options: { type: number; name: string; required?: boolean; min_value?: number; max_value?: number; max_length?: number; choices?: unknown[]; options?: { type: number; name: string }[] }[] }[];
  };

  it('is a CHAT_INPUT command usable by everyone, in guilds only', () => {
    expect(json.type).toBe(1);
    expect(json.name).toBe('digest');
    expect('default_member_permissions' in json).toBe(false);
    expect(json.dm_permission).toBe(false);
    expect(json.contexts).toEqual([0]);
  });

  it('maps subcommands, groups and option types', () => {
    const byName = new Map(json.options.map((o) => [o.name, o]));
    expect(byName.get('takeaways')?.type).toBe(1);
    const n = byName.get('takeaways')?.options.find((o) => o.name === 'n');
    expect(n).toMatchObject({ type: 4, required: true, min_value: 1, max_value: 10 });
    expect(byName.get('takeaways')?.options.find((o) => o.name === 'digest')).toMatchObject({ type: 3, required: false, max_length: 10 });
    expect(byName.get('ask')?.options.find((o) => o.name === 'question')).toMatchObject({ type: 3, required: true, max_length: 500 });
    const sources = byName.get('sources');
    expect(sources?.type).toBe(2);
    expect(sources?.options.map((o) => o.name)).toEqual(['list', 'add', 'remove', 'pause', 'resume', 'set', 'import', 'export']);
    expect(sources?.options.every((o) => o.type === 1)).toBe(true);
    expect(byName.get('schedule')?.type).toBe(2);
    expect(byName.get('settings')?.type).toBe(2);
    // Discord allows only command → group → subcommand nesting.
    for (const top of json.options) {
      if (top.type === 2) { for (const sub of top.options) expect(sub.type).toBe(1); }
    }
  });

  it('renders choices as name/value pairs', () => {
    const cmd = defineCommand({ name: 'x', description: 'x', subcommands: [defineSubcommand({ name: 'y', description: 'y', permission: 'member', options: [option.choice('mode', 'm', ['a', 'b'], { required: true })], run: noop })] });
    const out = toDiscordCommandJson(cmd) as { options: { options: { type: number; choices: unknown }[] }[] };
    expect(out.options[0]?.options[0]).toMatchObject({ type: 3, choices: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }] });
  });

  it("stays under Discord's 8000-character budget, counted as Discord counts it", () => {
    const counted = discordCommandSize(digestCommand);
    expect(counted).toBeLessThan(DISCORD_COMMAND_BUDGET);
    // Names, descriptions and choice values only: far less than the JSON, which also holds keys and punctuation.
    expect(counted).toBeLessThan(JSON.stringify(json).length / 2);
    const over = defineCommand({ name: 'x', description: 'x'.repeat(100), subcommands: Array.from({ length: 25 }, (_, i) =>
      defineSubcommand({
        name: `s${i}`,
        description: 'd'.repeat(100),
        permission: 'member',
        run: noop,
        options: Array.from({ length: 4 }, (_, k) => option.string(`o${k}`, 'o'.repeat(100))),
      })) });
    expect(discordCommandSize(over)).toBeGreaterThan(DISCORD_COMMAND_BUDGET);
    expect(validateDeclaration(over).join('\n')).toMatch(/add up to \d+ characters \(at most 8000\)/);
  });
});

describe('help and slow commands', () => {
  it('help lists member commands before admin ones and mentions Slack threads', () => {
    const help = renderHelp(digestCommand);
    const member = help.indexOf('**For everyone**');
    const admin = help.indexOf('**For admins**');
    expect(member).toBeGreaterThanOrEqual(0);
    expect(admin).toBeGreaterThan(member);
    expect(help.indexOf('/digest takeaways <n> [digest]')).toBeGreaterThan(member);
    expect(help.indexOf('/digest takeaways <n> [digest]')).toBeLessThan(admin);
    expect(help.indexOf('/digest sources add <url> [name…]')).toBeGreaterThan(admin);
    expect(help).toContain('do not run inside threads');
  });

  it('ask, post and sources add are slow; the rest are not', () => {
    expect(isSlowCommand(['ask'])).toBe(true);
    expect(isSlowCommand(['post'])).toBe(true);
    expect(isSlowCommand(['sources', 'add'])).toBe(true);
    expect(isSlowCommand(['takeaways'])).toBe(false);
    expect(isSlowCommand(['sources', 'list'])).toBe(false);
    expect(isSlowCommand(['nope'])).toBe(false);
  });
});

describe('option resolvers', () => {
  it('validate each kind and explain refusals', () => {
    expect(resolveOption(option.integer('n', 'n', { min: 1, max: 10 }), '3')).toEqual({ ok: true, value: 3 });
    expect(resolveOption(option.integer('n', 'n', { min: 1, max: 10 }), 3)).toEqual({ ok: true, value: 3 });
    expect(resolveOption(option.integer('n', 'n', { min: 1, max: 10 }), '11')).toMatchObject({ ok: false, error: expect.stringContaining('from 1 to 10') });
    expect(resolveOption(option.integer('n', 'n'), '2.5')).toMatchObject({ ok: false });
    expect(resolveOption(option.choice('c', 'c', ['a', 'b']), 'A')).toEqual({ ok: true, value: 'a' });
    expect(resolveOption(option.url('u', 'u'), 'htp://x')).toMatchObject({ ok: false, error: expect.stringContaining('not an http(s) URL') });
    expect(resolveOption(option.url('u', 'u'), 'https://example.org/feed')).toEqual({ ok: true, value: 'https://example.org/feed' });
    expect(resolveOption(option.cron('c', 'c'), '0  9 * * 1-5')).toEqual({ ok: true, value: '0 9 * * 1-5' });
    expect(resolveOption(option.cron('c', 'c'), '0 0 9 * * *')).toMatchObject({ ok: false });
    expect(resolveOption(option.cron('c', 'c'), '61 * * * *')).toMatchObject({ ok: false });
    expect(resolveOption(option.timezone('t', 't'), 'Europe/London')).toEqual({ ok: true, value: 'Europe/London' });
    expect(resolveOption(option.timezone('t', 't'), 'Mars/Olympus')).toMatchObject({ ok: false, error: expect.stringContaining('IANA') });
    expect(resolveOption(option.string('s', 's', { maxLength: 3 }), 'abcd')).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
  });

  it('resolveOptions reports the missing one and refuses unknown options', () => {
    const sub = defineSubcommand({ name: 'x', description: 'x', permission: 'member', options: [option.integer('n', 'piece', { required: true })], run: noop });
    expect(resolveOptions(sub, {}, '/d x <n>')).toMatchObject({ ok: false, error: expect.stringContaining('Missing `n`') });
    expect(resolveOptions(sub, { n: 1, zzz: 'x' }, '/d x <n>')).toMatchObject({ ok: false, error: expect.stringContaining('no option `zzz`') });
  });

  it('property: random values through every option kind never throw', () => {
    const kinds: OptionDecl[] = [
      option.integer('n', 'n', { min: 1, max: 10 }),
      option.string('s', 's', { maxLength: 20 }),
      option.choice('c', 'c', ['a', 'b']),
      option.url('u', 'u'),
      option.cron('cr', 'cr'),
      option.timezone('tz', 'tz'),
      option.words('w', 'w', { maxLength: 50 }),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.oneof(fc.string({ maxLength: 100 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(Object.create(null)), fc.anything()), (decl, raw) => {
        const r = resolveOption(decl, raw);
        if (r.ok) expect(r.value).not.toBeUndefined();
        else expect(r.error).toContain(`\`${decl.name}\``);
      }),
      { numRuns: 2000 },
    );
  });
});
