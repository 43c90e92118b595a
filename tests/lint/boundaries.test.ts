import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Lints snippets as if they lived at a path in the repo, with the project's own eslint.config.js,
// so a loosened boundary rule makes these tests fail.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function errorsOf(code: string, filePath: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
const boundaryErrors = (code: string, filePath: string) => errorsOf(code, filePath, 'no-restricted-imports');
type ResolvedConfig = { rules: Record<string, [0 | 1 | 2, Record<string, unknown>]>; settings: Record<string, unknown> };
const configFor = async (filePath: string) => (await eslint.calculateConfigForFile(path.join(root, filePath))) as ResolvedConfig;
/** The file-size caps as the config states them, for product code and for tests. */
const MAX_LINES = {
  product: Number((await configFor('src/bot/example.ts')).rules['max-lines']?.[1].max),
  tests: Number((await configFor('tests/bot/example.ts')).rules['max-lines']?.[1].max),
};

describe('module boundaries', () => {
  it.each([
    ["import { Client } from 'discord.js';", 'platform SDK'],
    ["import { App } from '@slack/bolt';", 'platform SDK'],
    ["import { WebClient } from '@slack/web-api';", 'platform SDK'],
    ["import { renderDigest } from '../adapters/console/render-digest.ts';", 'must not import an adapter'],
    ["import { digestCommand } from '../../commands/digest-command.ts';", 'must not import commands/'],
    ["import { createAppContext } from '../../app/compose.ts';", 'must not import app/'],
  ])('the core may not %s', async (code, expected) => {
    const errors = await boundaryErrors(`${code}\nexport const x = 1;\n`, 'src/ingest/example.ts');
    expect(errors.join('\n')).toContain(expected);
  });

  it('commands/ may import the core but no platform SDK, adapter or app/', async () => {
    expect(await boundaryErrors("import type { Store } from '../src/store/store.ts';\nexport type S = Store;\n", 'commands/example.ts')).toEqual([]);
    expect((await boundaryErrors("import { Client } from 'discord.js';\nexport const c = Client;\n", 'commands/example.ts')).join()).toContain('platform SDK');
    expect((await boundaryErrors("import { x } from '../adapters/slack/x.ts';\nexport const y = x;\n", 'commands/example.ts')).join()).toContain('must not import an adapter');
    expect((await boundaryErrors("import { x } from '../app/compose.ts';\nexport const y = x;\n", 'commands/example.ts')).join()).toContain('must not import app/');
  });

  it('adapters may import the core, commands and their SDK, but not another adapter or app/', async () => {
    const code =
      "import { Client } from 'discord.js';\nimport type { Store } from '../../src/store/store.ts';\nimport { digestCommand } from '../../commands/digest-command.ts';\nexport const all = [Client, digestCommand] as const;\nexport type S = Store;\n";
    expect(await boundaryErrors(code, 'adapters/discord/example.ts')).toEqual([]);
    expect((await boundaryErrors("import { x } from '../slack/render-digest-blocks.ts';\nexport const y = x;\n", 'adapters/discord/example.ts')).join()).toContain('must not import adapters/slack');
    expect((await boundaryErrors("import { x } from '../../adapters/discord/escape-discord-text.ts';\nexport const y = x;\n", 'adapters/web/example.ts')).join()).toContain('must not import adapters/discord');
    expect((await boundaryErrors("import { x } from '../../app/compose.ts';\nexport const y = x;\n", 'adapters/slack/example.ts')).join()).toContain('must not import app/');
    expect((await boundaryErrors("import { Client } from 'discord.js';\nexport const c = Client;\n", 'adapters/web/example.ts')).join()).toContain("chat platform's SDK");
  });

  it('app/ wires adapters but never calls a platform SDK itself', async () => {
    expect(await boundaryErrors("import { createDiscordAdapter } from '../adapters/discord/discord-adapter.ts';\nexport const c = createDiscordAdapter;\n", 'app/example.ts')).toEqual([]);
    expect((await boundaryErrors("import { PermissionsBitField } from 'discord.js';\nexport const p = PermissionsBitField;\n", 'app/example.ts')).join()).toContain('platform SDK');
  });
});

describe('code discipline', () => {
  it('a promise that is neither awaited nor handled is an error (type-aware)', async () => {
    const code = 'async function work(): Promise<number> { return 1; }\nexport function go(): void { work(); }\n';
    expect((await errorsOf(code, 'src/bot/example.ts', '@typescript-eslint/no-floating-promises')).length).toBe(1);
    expect(await errorsOf(code.replace('{ work(); }', '{ void work(); }'), 'src/bot/example.ts', '@typescript-eslint/no-floating-promises')).toEqual([]);
  });

  it('an async function where a void callback is expected is an error (type-aware)', async () => {
    const code = 'export function on(_cb: () => void): void {}\nif (Math.random() > 2) on(async () => { await Promise.resolve(); });\n';
    expect((await errorsOf(code, 'src/bot/example.ts', '@typescript-eslint/no-misused-promises')).length).toBeGreaterThan(0);
  });

  it('a product module over its line cap is an error; tests get a larger one', async () => {
    expect(MAX_LINES.tests).toBeGreaterThan(MAX_LINES.product);
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n');
    expect((await errorsOf(lines(MAX_LINES.product + 1), 'src/bot/example.ts', 'max-lines')).length).toBe(1);
    expect(await errorsOf(lines(MAX_LINES.product), 'src/bot/example.ts', 'max-lines')).toEqual([]);
    expect(await errorsOf(lines(MAX_LINES.product + 1), 'tests/bot/example.ts', 'max-lines')).toEqual([]);
  });

  it('product code may not import in a cycle (the rule the config turns on, run on a two-file cycle)', async () => {
    const config = await configFor('src/bot/example.ts');
    expect(config.rules['import-x/no-cycle']).toMatchObject([2, { ignoreExternal: true }]);
    // The fixtures live outside the product folders (the project's lint ignores them): lint them with that same rule alone.
    const cycle = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [{
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { 'import-x': importX },
      settings: config.settings,
      rules: { 'import-x/no-cycle': config.rules['import-x/no-cycle'] ?? 'off' },
    }] });
    const results = await cycle.lintFiles([path.join(root, 'tests/lint-fixtures/cycle/a.ts')]);
    expect(results.flatMap((r) => r.messages).map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
