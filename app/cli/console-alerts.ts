import { createConsolePoster } from '../../adapters/console/console-poster.ts';
import { createRuntimeAlerts, type RuntimeAlerts } from '../../src/bot/runtime/runtime-alerts.ts';
import type { AppContext } from '../compose.ts';
import type { CliIo } from './cli-io.ts';

/**
 * Admin alerts of a one-shot console run: the terminal is the console's alert channel, so the same state machines
 * as `digest run` with a platform print one `Alert: …` line on stderr per change of state (stored, so the next run
 * does not repeat it), never the digest's own stdout.
 */
export function consoleAlerts(app: AppContext, io: CliIo): RuntimeAlerts {
  const poster = createConsolePoster({ write: (text) => io.stderr.write(text), width: 100, color: false });
  return createRuntimeAlerts({
    store: app.store,
    now: app.now,
    logger: app.logger,
    llmConfigured: app.llmConfigured,
    budget: app.budget,
    posterFor: (platform) => (platform === 'console' ? poster : undefined),
  });
}
