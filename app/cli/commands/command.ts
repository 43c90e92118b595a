import { renderReply } from '../../../adapters/console/render-reply.ts';
import { dispatchText } from '../../../commands/dispatch.ts';
import type { DeliveryHooks } from '../../../src/bot/deps.ts';
import { INPUT_ERROR_CODES } from '../../../src/errors.ts';
import { createAppContext, type AppContext } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { deliverToConsole } from '../deliver-to-console.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler, type CliIo } from '../cli-io.ts';
import { stdoutTerminal } from '../terminal.ts';

/** `/digest post` from the terminal prints the digest to stdout, through the ledger like any delivery. */
function consoleDelivery(app: AppContext, io: CliIo): DeliveryHooks {
  return {
    async deliverNow(target) {
      if (target.ref.platform !== 'console') return { posted: false, reason: `${target.ref.platform} is not connected here; \`digest run\` posts there` };
      const result = await deliverToConsole(app, io, target);
      if (!result.delivered) return { posted: false, reason: result.reason };
      if (result.outcome.status === 'failed') return { posted: false, reason: result.outcome.error };
      const [digest] = await app.store.listDigests(target.id, { limit: 1 });
      return digest === undefined ? { posted: false, reason: 'the digest could not be saved' } : { posted: true, digest };
    },
    // The next `digest run` schedules from the stored settings.
    scheduleChanged: () => undefined,
  };
}

export const commandCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { channel: { type: 'string' } }, true);
    const app = await createAppContext(io, { configPath: values.config });
    try {
      const channel = values.channel === undefined ? await consoleChannel(app) : await app.store.getChannel(values.channel);
      if (channel === undefined) throw new UsageError(`there is no channel "${values.channel}" (\`digest sources list\` shows the channels)`);
      const services = app.commandServices(app.bot(consoleDelivery(app, io)));
      // Whoever runs the CLI operates the deployment: an admin of any channel, typing locally (files allowed).
      const reply = await dispatchText(positionals.join(' '), {
        channel: channel.ref,
        user: { id: 'console', name: 'console', isAdmin: async () => true },
        services,
        typedBy: 'local',
      });
      writeLine(reply.kind === 'error' ? io.stderr : io.stdout, renderReply(reply, stdoutTerminal(io)));
      if (reply.kind === 'ok') return EXIT.ok;
      return reply.code === undefined || INPUT_ERROR_CODES.has(reply.code) ? EXIT.usage : EXIT.failed;
    } finally {
      await app.close();
    }
  },
};
