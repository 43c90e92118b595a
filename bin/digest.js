#!/usr/bin/env node
// npm bin shim: Node >= 22.18 runs the TypeScript entry point directly (type stripping).
import { runFromProcess } from '../app/cli/main.ts';

await runFromProcess();
