import { createConsolePoster } from '../../adapters/console/console-poster.ts';
import type { Channel } from '../../src/domain/channel.ts';
import type { Digest } from '../../src/domain/digest.ts';
import { deliverDigest, type DeliveryOutcome } from '../../src/deliver/deliver-digest.ts';
import { buildDigestFor, type AppContext } from '../compose.ts';
import type { CliIo } from './cli-io.ts';
import { stdoutTerminal } from './terminal.ts';

export type ConsoleDeliveryResult = { delivered: true; outcome: DeliveryOutcome; pieces: number; digest: Digest; edition: string } | { delivered: false; reason: string };

/** Builds the channel's next digest and posts it to stdout through the console adapter, with the delivery ledger. */
export async function deliverToConsole(app: AppContext, io: CliIo, channel: Channel): Promise<ConsoleDeliveryResult> {
  const now = app.now();
  const edition = `manual:${now.toISOString()}`;
  const digest = await buildDigestFor(app, channel, { edition });
  if (digest === null) return { delivered: false, reason: 'nothing new since the last digest' };
  const poster = createConsolePoster({ ...stdoutTerminal(io), write: (text) => io.stdout.write(text) });
  const outcome = await deliverDigest({ store: app.store, poster, channel, digest, holder: app.instanceId, now: app.now, logger: app.logger });
  return { delivered: true, outcome, pieces: digest.pieces.length, digest, edition };
}
