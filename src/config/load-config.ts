import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { readEnv, SECRET_ENV_NAMES, type Env } from './env.ts';
import { readYamlConfig } from './read-yaml.ts';
import { configSchema, type Config } from './schema.ts';
import { closest } from '../text/closest.ts';
import { keysAt } from './schema-keys.ts';

/** The whole runtime configuration: the validated file, the validated environment, and where they came from. */
export interface LoadedConfig {
  config: Config;
  env: Env;
  /** Absolute path of the config file read, or null for the embedded default. */
  configPath: string | null;
}

export interface LoadConfigOptions {
  /** `--config` from the command line; wins over DIGEST_CONFIG. */
  configPath?: string;
  environment: NodeJS.ProcessEnv;
  cwd: string;
  /** Used when no config file is given or found: the bundled sample sources and the console channel. */
  embeddedDefault: () => unknown;
}

/** Looked for in the working directory when neither --config nor DIGEST_CONFIG names a file. */
export const DEFAULT_CONFIG_FILES = ['digest.config.yaml', 'digest.config.yml'];

/** Loads and validates the config file and the environment. Throws ConfigError with one line per problem. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const envResult = readEnv(options.environment);
  const problems: string[] = [];
  if (!envResult.success) problems.push(...formatIssues(envResult.error.issues, withSecretsHidden(options.environment), 'env '));

  const explicit = options.configPath ?? (envResult.success ? envResult.data.DIGEST_CONFIG : undefined);
  let configPath: string | null;
  let raw: unknown;
  if (explicit !== undefined) {
    configPath = path.resolve(options.cwd, explicit);
    if (!existsSync(configPath)) {
      throw new ConfigError([`config file ${configPath} does not exist`], 'Pass an existing file with --config or DIGEST_CONFIG, or omit both to run the embedded default.');
    }
  } else {
    const found = DEFAULT_CONFIG_FILES.map((f) => path.resolve(options.cwd, f)).find((f) => existsSync(f));
    configPath = found ?? null;
  }
  if (configPath === null) {
    raw = options.embeddedDefault();
  } else {
    raw = readYamlConfig(configPath);
  }

  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, raw, '', configSchema));
  if (problems.length > 0 || !parsed.success || !envResult.success) {
    // Each hint names what is at fault: the environment variables, the file, or both.
    const variables = envResult.success ? [] : [...new Set(envResult.error.issues.map((issue) => String(issue.path[0])))];
    const hints = [
      ...(variables.length === 0
        ? []
        : [
          `Fix the environment variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')} where ${variables.length > 1 ? 'they are' : 'it is'} set (shell, .env, compose file or systemd unit), or unset ${
            variables.length > 1 ? 'them' : 'it'
          }.`,
        ]),
      ...(parsed.success || configPath === null ? [] : [`Fix ${configPath} (see examples/digest.config.yaml for every key).`]),
    ];
    throw new ConfigError(problems, hints.length === 0 ? undefined : hints.join('\n'));
  }
  const config = parsed.data;
  if (configPath !== null) config.database.sqlitePath = path.resolve(path.dirname(configPath), config.database.sqlitePath);
  return { config, env: envResult.data, configPath };
}

/** Secrets are named in errors but their values never printed. */
function withSecretsHidden(environment: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const copy: Record<string, string | undefined> = { ...environment };
  for (const name of SECRET_ENV_NAMES) if (copy[name] !== undefined) copy[name] = '(value hidden)';
  return copy;
}

/** One line per issue: `sources[2].url: "htp://x" is not an http(s) URL or a file path`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, prefix = '', schema?: z.core.$ZodType): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const at = issue.path.length === 0 ? '(top level)' : keyPath(issue.path);
      const known = schema === undefined ? [] : keysAt(schema, issue.path);
      const shown = issue.keys.map((k) => {
        const meant = closest(k, known);
        return meant === undefined ? JSON.stringify(k) : `${JSON.stringify(k)} (did you mean "${meant}"?)`;
      });
      return `${prefix}${at}: unknown key${issue.keys.length > 1 ? 's' : ''} ${shown.join(', ')}`;
    }
    const value = valueAt(input, issue.path);
    const shown = value === undefined ? 'missing' : showValue(value);
    return `${prefix}${keyPath(issue.path)}: ${shown} ${describe(issue, value)}`;
  });
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? `— expected ${article(issue.expected)}` : `is not ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string' ? `is shorter than ${String(issue.minimum)} characters` : issue.origin === 'array' ? `has fewer than ${String(issue.minimum)} items` : `is less than the minimum ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `is longer than ${String(issue.maximum)} characters` : issue.origin === 'array' ? `has more than ${String(issue.maximum)} items` : `is more than the maximum ${String(issue.maximum)}`;
    case 'invalid_value':
      return `is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? `is not a valid ${issue.format}` : issue.message;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function keyPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(top level)' : out;
}

function valueAt(input: unknown, parts: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function showValue(value: unknown): string {
  if (value === '(value hidden)') return 'the value';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
