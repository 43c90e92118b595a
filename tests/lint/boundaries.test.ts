import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints snippets as if they lived at a path in the repo, with the project's own eslint.config.js,
// so a loosened boundary rule makes these tests fail.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ["import { Client } from 'discord.js';", 'platform SDK'],
    ["import { App } from '@slack/bolt';", 'platform SDK'],
    ["import { WebClient } from '@slack/web-api';", 'platform SDK'],
    ["import { renderDigest } from '../adapters/console/render-digest.ts';", 'must not import an adapter'],
    ["import { digestCommand } from '../../commands/digest-command.ts';", 'must not import commands/'],
  ])('the core may not %s', async (code, expected) => {
    const errors = await boundaryErrors(`${code}\nexport const x = 1;\n`, 'src/ingest/example.ts');
    expect(errors.join('\n')).toContain(expected);
  });

  it('commands/ may import the core but no platform SDK or adapter', async () => {
    expect(await boundaryErrors("import type { Store } from '../src/store/store.ts';\nexport type S = Store;\n", 'commands/example.ts')).toEqual([]);
    expect((await boundaryErrors("import { Client } from 'discord.js';\nexport const c = Client;\n", 'commands/example.ts')).join()).toContain('platform SDK');
    expect((await boundaryErrors("import { x } from '../adapters/slack/x.ts';\nexport const y = x;\n", 'commands/example.ts')).join()).toContain('must not import an adapter');
  });

  it('adapters may import the core, commands and their SDK', async () => {
    const code = "import { Client } from 'discord.js';\nimport type { Store } from '../../src/store/store.ts';\nimport { digestCommand } from '../../commands/digest-command.ts';\nexport const all = [Client, digestCommand] as const;\nexport type S = Store;\n";
    expect(await boundaryErrors(code, 'adapters/discord/example.ts')).toEqual([]);
  });
});
