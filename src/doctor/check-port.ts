import { createServer } from 'node:net';
import type { CheckResult } from './checklist.ts';

/** Whether `port` can be bound now on `host` (all interfaces unless said), as the bot binds it at start-up. */
export async function checkPort(options: { port: number; what: string; key: string; host?: string }): Promise<CheckResult> {
  const outcome = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(options.port, options.host ?? '0.0.0.0', () => server.close(() => resolve(null)));
  });
  if (outcome === null) return { status: 'pass', detail: `${options.what} port ${options.port} is free` };
  if (outcome.code === 'EADDRINUSE') return { status: 'warn', detail: `${options.what} port ${options.port} is in use`, fix: `Fine if it is this bot already running; otherwise stop what listens there or change ${options.key}.` };
  return { status: 'fail', detail: `${options.what} port ${options.port} cannot be bound: ${outcome.code ?? outcome.message}`, fix: `Choose a port above 1023 for ${options.key} (or give the process the right to bind it).` };
}

/** The servers of one process need a port each: two settings naming one port fail at start-up. */
export function checkPortsDistinct(ports: readonly { key: string; port: number }[]): CheckResult {
  const fixed = ports.filter((p) => p.port !== 0);
  for (const [i, a] of fixed.entries()) {
    const b = fixed.slice(i + 1).find((other) => other.port === a.port);
    if (b !== undefined) return { status: 'fail', detail: `${a.key} and ${b.key} are both ${a.port}`, fix: `Give ${b.key} a port of its own: each is a separate server.` };
  }
  return { status: 'pass', detail: `${fixed.map((p) => `${p.key} ${p.port}`).join(', ')}: one port each` };
}
