#!/usr/bin/env node
// `npm test`: type check, format check, lint, then the vitest suite (extra arguments go to vitest), on a supported Node —
// on an older one it re-runs itself under Node 24 first (see ensure-node.js). Stops at the first step that fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureSupportedNode, PROJECT_ROOT } from './ensure-node.js';

await ensureSupportedNode();
const steps = [
  ['typecheck', 'typescript/bin/tsc', ['--noEmit']],
  ['format', '../scripts/format.js', ['--check']],
  ['lint', 'eslint/bin/eslint.js', ['.']],
  ['vitest', 'vitest/vitest.mjs', ['run', ...process.argv.slice(2)]],
];
for (const [name, script, args] of steps) {
  process.stderr.write(`\n> ${name}\n`);
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', script), ...args], { stdio: 'inherit', cwd: PROJECT_ROOT });
  if (result.status !== 0) {
    const fix = name === 'format' ? ': `npm run format` rewrites the files it lists' : '';
    process.stderr.write(`npm test: ${name} failed${result.signal ? ` (${result.signal})` : ''}${fix}\n`);
    process.exit(result.status ?? 1);
  }
}
