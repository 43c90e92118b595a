#!/usr/bin/env node
// The `digest` command (npm bin, `npm start`, `npm run digest`). Plain JavaScript that any Node runs: on a Node older
// than the floor it re-runs itself under Node 24 (see ensure-node.js); then the bundle runs (bundle.js), or the
// TypeScript entry directly when there is no current bundle.
import module from 'node:module';
import { currentBundle } from './bundle.js';
import { ensureSupportedNode } from './ensure-node.js';
import { relaunchWithV8Flags } from './v8-flags.js';

await ensureSupportedNode();
// Commands that ingest run with a bounded young generation (see v8-flags.js); this re-executes the process once.
relaunchWithV8Flags();
// Node's on-disk cache of compiled (and type-stripped) modules: a repeated start-up skips most of that work.
// Off with NODE_DISABLE_COMPILE_CACHE=1; a cache directory that cannot be written is silently not used.
module.enableCompileCache?.();
const { runFromProcess } = await import(currentBundle() ?? '../app/cli/main.ts');
await runFromProcess();
