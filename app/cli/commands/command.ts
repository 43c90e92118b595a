import { renderReply } from '../../../adapters/console/render-reply.ts';
import { dispatchText } from '../../../commands/dispatch.ts';
import { createAppContext } from '../../compose.ts';
import { consoleChannel, CONSOLE_REF } from '../../console-channel.ts';
import { deliverToConsole } from '../deliver-to-console.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler } from '../cli-io.ts';
import { stdoutTerminal } from '../terminal.ts';

export const commandCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {}, true);
    const app = await createAppContext(io, { configPath: values.config });
    try {
      const channel = await consoleChannel(app);
      const services = app.commandServices(async (target) => {
        const result = await deliverToConsole(app, io, target);
        if (!result.delivered) return { posted: false, reason: result.reason };
        const [digest] = await app.store.listDigests(target.id, { limit: 1 });
        return digest === undefined ? { posted: false, reason: 'the digest could not be saved' } : { posted: true, digest };
      });
      // Whoever runs the CLI operates the deployment, so the console user is an admin.
      const reply = await dispatchText(positionals.join(' '), { channel: { ...CONSOLE_REF, channelId: channel.ref.channelId }, user: { id: 'console', name: 'console', isAdmin: async () => true }, services });
      writeLine(reply.kind === 'error' ? io.stderr : io.stdout, renderReply(reply, stdoutTerminal(io)));
      return reply.kind === 'error' ? EXIT.usage : EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
