import type { CommandDecl, OptionDecl, SubcommandDecl } from './define-command.ts';

/** Discord application-command option types used here. */
const OPTION_TYPE = { SUB_COMMAND: 1, SUB_COMMAND_GROUP: 2, STRING: 3, INTEGER: 4 } as const;

function renderOption(o: OptionDecl): Record<string, unknown> {
  const base = { name: o.name, description: o.description, required: o.required };
  switch (o.type) {
    case 'integer':
      return { ...base, type: OPTION_TYPE.INTEGER, ...(o.min === undefined ? {} : { min_value: o.min }), ...(o.max === undefined ? {} : { max_value: o.max }) };
    case 'choice':
      return { ...base, type: OPTION_TYPE.STRING, choices: o.choices.map((c) => ({ name: c, value: c })) };
    case 'string':
    case 'words':
      return { ...base, type: OPTION_TYPE.STRING, max_length: o.maxLength };
    case 'url':
      return { ...base, type: OPTION_TYPE.STRING, max_length: 2000 };
    case 'cron':
      return { ...base, type: OPTION_TYPE.STRING, max_length: 100 };
    case 'timezone':
      return { ...base, type: OPTION_TYPE.STRING, max_length: 64 };
  }
}

function renderSubcommand(sub: SubcommandDecl): Record<string, unknown> {
  return { type: OPTION_TYPE.SUB_COMMAND, name: sub.name, description: sub.description, options: sub.options.map(renderOption) };
}

/**
 * The application-command JSON for Discord's bulk-overwrite endpoint. `default_member_permissions` is left
 * unset on purpose: member commands must work for everyone, and admin commands are checked at run time.
 */
export function toDiscordCommandJson(decl: CommandDecl): Record<string, unknown> {
  return {
    type: 1,
    name: decl.name,
    description: decl.description,
    // Guild text channels only (context 0 = GUILD); no DMs, where there is no channel digest.
    contexts: [0],
    dm_permission: false,
    options: [
      ...decl.subcommands.map(renderSubcommand),
      ...decl.groups.map((g) => ({ type: OPTION_TYPE.SUB_COMMAND_GROUP, name: g.name, description: g.description, options: g.subcommands.map(renderSubcommand) })),
    ],
  };
}
