import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';

const root = path.resolve(import.meta.dirname, '../..');

function writeConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-config-'));
  const file = path.join(dir, 'digest.config.yaml');
  writeFileSync(file, text);
  return file;
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const problemsOf = (run: () => unknown): string[] => configErrorOf(run).problems;

describe('loadConfig', () => {
  it('accepts the commented example in examples/', () => {
    const { config, configPath } = loadConfig({ configPath: 'examples/digest.config.yaml', environment: {}, cwd: root, embeddedDefault: () => ({}) });
    expect(configPath).toBe(path.join(root, 'examples/digest.config.yaml'));
    expect(config.sources.map((s) => s.name)).toContain('The Gradient');
    expect(config.channels[1]?.timezone).toBe('America/New_York');
    expect(config.database.sqlitePath).toBe(path.join(root, 'examples/data/digest.db'));
  });

  it('uses the embedded default when no file is given or found, with defaults filled in', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-empty-'));
    const { config, configPath } = loadConfig({ environment: {}, cwd, embeddedDefault: () => ({ sources: [{ url: './a.xml' }] }) });
    expect(configPath).toBeNull();
    expect(config.sources[0]).toEqual({ url: './a.xml' });
    expect(config.schedule.cron).toBe('0 9 * * 1-5');
    expect(config.selection.pieces).toBe(4);
  });

  it('reports one line per problem with the key path, the bad value and what was expected', () => {
    const file = writeConfig([
      'sources:',
      '  - url: ./a.xml',
      '  - url: https://example.org/feed',
      '  - url: "htp://x"',
      'ingest:',
      '  concurrency: lots',
      'summariser:',
      '  kind: gpt',
      'colour: blue',
      'channels:',
      '  - platform: discord',
      '    workspace: "1"',
      '    channel: "2"',
      '    timezone: Mars/Olympus',
      '    cron: every day',
    ].join('\n'));
    const problems = problemsOf(() => loadConfig({ configPath: file, environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problems).toContain('sources[2].url: "htp://x" is not an http(s) URL or a file path');
    expect(problems).toContain('ingest.concurrency: "lots" is not a number');
    expect(problems).toContain('summariser.kind: "gpt" is not one of "auto", "offline", "llm"');
    expect(problems).toContain('(top level): unknown key "colour"');
    expect(problems).toContain('channels[0].timezone: "Mars/Olympus" is not an IANA timezone (e.g. "Europe/London")');
    expect(problems).toContain('channels[0].cron: "every day" has 2 fields; expected five (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1-5" (09:00 on weekdays)');
    expect(problems).toHaveLength(6);
  });

  it('suggests the key a typo most likely meant, at any depth, and nothing for a key unlike any', () => {
    const file = writeConfig(
      ['selecton:', '  pieces: 3', 'sources:', '  - url: ./a.xml', '    fulltext: true', 'selection:', '  pices: 3', 'channels:', '  - platform: console', '    workspace: w', '    channel: c', '    crn: "0 9 * * *"', 'colour: blue'].join(
        '\n',
      ),
    );
    const problems = problemsOf(() => loadConfig({ configPath: file, environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problems).toContain('(top level): unknown keys "selecton" (did you mean "selection"?), "colour"');
    expect(problems).toContain('sources[0]: unknown key "fulltext" (did you mean "fullText"?)');
    expect(problems).toContain('selection: unknown key "pices" (did you mean "pieces"?)');
    expect(problems).toContain('channels[0]: unknown key "crn" (did you mean "cron"?)');
  });

  it('names a bad secret variable without printing its value', () => {
    const problems = problemsOf(() => loadConfig({ environment: { SLACK_BOT_TOKEN: 'xoxp-personal-token-123', LLM_BASE_URL: 'ftp://llm' }, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problems).toContain('env SLACK_BOT_TOKEN: the value must be a bot token starting with xoxb-');
    expect(problems).toContain('env LLM_BASE_URL: "ftp://llm" is not an http(s) URL');
    expect(problems.join('\n')).not.toContain('xoxp-personal-token-123');
  });

  it('points at the line of a YAML syntax error', () => {
    const file = writeConfig('name: Digest\nsources:\n  - url: [unclosed\n');
    const [problem] = problemsOf(() => loadConfig({ configPath: file, environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problem).toMatch(/digest\.config\.yaml at line \d+, column \d+:/);
  });

  it('refuses a YAML alias bomb with a config error at the alias, not an unexpected error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']] as const) lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const file = writeConfig(lines.join('\n'));
    const [problem, ...rest] = problemsOf(() => loadConfig({ configPath: file, environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
    expect(rest).toEqual([]);
    expect(problem).toMatch(/digest\.config\.yaml at line 7, column \d+: YAML aliases expand too far/);
  });

  it('reports an alias without an anchor, a duplicate key and an unknown tag at their lines', () => {
    const cases: [string, RegExp][] = [
      ['name: Digest\nsources: *missing\n', /at line 2, column 10: the alias \*missing names no anchor/],
      ['name: Digest\nname: Other\n', /at line 2, column 1: Map keys must be unique/],
      ['name: Digest\nsources: !custom x\n', /at line 2, column 10: Unresolved tag: !custom/],
    ];
    for (const [text, expected] of cases) {
      const problems = problemsOf(() => loadConfig({ configPath: writeConfig(text), environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(expected);
    }
  });

  it('keeps ordinary anchors and merge-free aliases working', () => {
    const file = writeConfig('sources:\n  - url: https://example.org/a.xml\n    name: &name Shared name\n  - url: https://example.org/b.xml\n    name: *name\n');
    const { config } = loadConfig({ configPath: file, environment: {}, cwd: '/', embeddedDefault: () => ({}) });
    expect(config.sources.map((s) => s.name)).toEqual(['Shared name', 'Shared name']);
  });

  it('says when the config file cannot be read or is far too big', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'digest-config-'));
    const problems = problemsOf(() => loadConfig({ configPath: dir, environment: {}, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problems).toEqual([`cannot read config file ${dir}: it is a directory`]);
    const big = writeConfig(`# ${'x'.repeat(1_100_000)}\n`);
    expect(problemsOf(() => loadConfig({ configPath: big, environment: {}, cwd: '/', embeddedDefault: () => ({}) }))[0]).toMatch(/bytes; a config file may be at most 1,000,000/);
  });

  it('says when the named config file does not exist', () => {
    const problems = problemsOf(() => loadConfig({ environment: { DIGEST_CONFIG: '/nope/digest.yaml' }, cwd: '/', embeddedDefault: () => ({}) }));
    expect(problems).toEqual(['config file /nope/digest.yaml does not exist']);
  });
});

describe('loadConfig hints name what is at fault', () => {
  const hintOf = (run: () => unknown): string | undefined => configErrorOf(run).hint;

  it('an environment error names the variables, not the (valid) config file', () => {
    const file = writeConfig('sources: []\n');
    const hint = hintOf(() => loadConfig({ configPath: file, environment: { SLACK_BOT_TOKEN: 'abc', LLM_BASE_URL: 'ftp://x' }, cwd: root, embeddedDefault: () => ({}) }));
    expect(hint).toBe('Fix the environment variables SLACK_BOT_TOKEN, LLM_BASE_URL where they are set (shell, .env, compose file or systemd unit), or unset them.');
  });

  it('errors in both name both; a file error alone names the file', () => {
    const file = writeConfig('selection:\n  pieces: 40\n');
    expect(hintOf(() => loadConfig({ configPath: file, environment: { SLACK_BOT_TOKEN: 'abc' }, cwd: root, embeddedDefault: () => ({}) })))
      .toBe(`Fix the environment variable SLACK_BOT_TOKEN where it is set (shell, .env, compose file or systemd unit), or unset it.\nFix ${file} (see examples/digest.config.yaml for every key).`);
    expect(hintOf(() => loadConfig({ configPath: file, environment: {}, cwd: root, embeddedDefault: () => ({}) }))).toBe(`Fix ${file} (see examples/digest.config.yaml for every key).`);
  });
});
