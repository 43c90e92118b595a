import { createServer } from 'node:net';
import type { CheckResult } from './checklist.ts';

/** Whether `port` can be bound on all interfaces now (the bot binds it at start-up). */
export async function checkPort(options: { port: number; what: string; key: string }): Promise<CheckResult> {
  const outcome = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(options.port, '0.0.0.0', () => server.close(() => resolve(null)));
  });
  if (outcome === null) return { status: 'pass', detail: `${options.what} port ${options.port} is free` };
  if (outcome.code === 'EADDRINUSE') return { status: 'warn', detail: `${options.what} port ${options.port} is in use`, fix: `Fine if it is this bot already running; otherwise stop what listens there or change ${options.key}.` };
  return { status: 'fail', detail: `${options.what} port ${options.port} cannot be bound: ${outcome.code ?? outcome.message}`, fix: `Choose a port above 1023 for ${options.key} (or give the process the right to bind it).` };
}
