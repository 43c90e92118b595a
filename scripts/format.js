#!/usr/bin/env node
// `npm run format` (rewrite) and `npm run format:check` (list, exit 1): dprint's TypeScript plugin run as
// WebAssembly through @dprint/formatter, configured by dprint.json. Plain JavaScript and no native binary, so it
// works wherever npm ci does (dprint's CLI ships per-platform packages a registry mirror may lack).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '@dprint/formatter';
import typescriptPlugin from '@dprint/typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const config = JSON.parse(readFileSync(path.join(ROOT, 'dprint.json'), 'utf8'));
const EXTENSIONS = /\.(ts|js|mjs|cjs)$/;
const excluded = config.excludes.map((entry) => entry.replace(/\/$/, ''));

/** Every file dprint.json includes, below the root, without its excluded folders. */
function sourceFiles(dir = '') {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.name.startsWith('.') || excluded.some((e) => relative === e || relative.startsWith(`${e}/`))) return [];
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.isFile() && EXTENSIONS.test(entry.name) ? [relative] : [];
  });
}

const { lineWidth, indentWidth, typescript } = config;
const context = createContext({ lineWidth, indentWidth }, { onOutput: (text) => process.stderr.write(text) });
context.addPlugin(readFileSync(typescriptPlugin.getPath()), typescript);

const check = process.argv.includes('--check');
const unformatted = [];
const failed = [];
for (const file of sourceFiles()) {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  let formatted;
  try {
    formatted = context.formatText({ filePath: file, fileText: text });
  } catch (error) {
    failed.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  if (formatted === text) continue;
  unformatted.push(file);
  if (!check) writeFileSync(path.join(ROOT, file), formatted);
}
for (const line of failed) process.stderr.write(`format: cannot format ${line}\n`);
if (check && unformatted.length > 0) {
  process.stderr.write(`format: ${unformatted.length} file${unformatted.length === 1 ? ' is' : 's are'} not formatted:\n${unformatted.map((f) => `  ${f}\n`).join('')}`);
} else if (!check && unformatted.length > 0) process.stderr.write(`format: formatted ${unformatted.length} file${unformatted.length === 1 ? '' : 's'}\n`);
process.exit(failed.length > 0 || (check && unformatted.length > 0) ? 1 : 0);
