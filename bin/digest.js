#!/usr/bin/env node
// The `digest` command (npm bin, `npm start`, `npm run digest`). Plain JavaScript that any Node runs: on a Node older
// than the floor it re-runs itself under Node 24 (see ensure-node.js); then the TypeScript entry runs directly.
import { ensureSupportedNode } from './ensure-node.js';

await ensureSupportedNode();
const { runFromProcess } = await import('../app/cli/main.ts');
await runFromProcess();
