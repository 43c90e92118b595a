import { defineCommand, type CommandDecl } from './define-command.ts';
import { askCommand } from './digest/ask.ts';
import { discussionCommand, savedCommand } from './digest/discussion.ts';
import { usageCommand } from './digest/usage.ts';
import { helpCommand } from './digest/help.ts';
import { historyCommand } from './digest/history.ts';
import { latestCommand } from './digest/latest.ts';
import { linkCommand } from './digest/link.ts';
import { passedCommand } from './digest/passed.ts';
import { pieceSectionCommands } from './digest/piece-sections.ts';
import { postCommand } from './digest/post.ts';
import { scheduleGroup } from './digest/schedule.ts';
import { searchCommand } from './digest/search.ts';
import { settingsGroup } from './digest/settings.ts';
import { sourcesGroup } from './digest/sources.ts';

/** The `/digest` command, declared once for Discord, Slack and the console. */
export const digestCommand: CommandDecl = defineCommand({
  name: 'digest',
  description: 'The research digest: follow up on pieces, and (admins) run the bot from this channel',
  defaultSubcommand: 'latest',
  subcommands: [
    latestCommand,
    ...pieceSectionCommands,
    linkCommand,
    askCommand,
    passedCommand,
    discussionCommand,
    savedCommand,
    searchCommand,
    historyCommand,
    usageCommand,
    helpCommand(() => digestCommand),
    postCommand,
  ],
  groups: [sourcesGroup, scheduleGroup, settingsGroup],
});
