import { defineSubcommand, type CommandDecl, type SubcommandDecl } from '../define-command.ts';
import { renderHelp } from '../render-help.ts';
import { okReply } from '../reply.ts';

/** `/digest help`, generated from the declaration it belongs to (passed lazily to avoid an import cycle). */
export function helpCommand(declaration: () => CommandDecl): SubcommandDecl {
  return defineSubcommand({
    name: 'help',
    description: 'What every /digest command does',
    permission: 'member',
    async run() {
      return okReply(renderHelp(declaration()));
    },
  });
}
