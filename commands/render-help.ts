import { usageLine, type CommandDecl, type SubcommandDecl } from './define-command.ts';

/** The `/digest help` text, generated from the declaration: member commands first, then admin ones. */
export function renderHelp(decl: CommandDecl): string {
  const entries: { path: string[]; sub: SubcommandDecl }[] = [
    ...decl.subcommands.map((sub) => ({ path: [sub.name], sub })),
    ...decl.groups.flatMap((g) => g.subcommands.map((sub) => ({ path: [g.name, sub.name], sub }))),
  ];
  const line = (e: { path: string[]; sub: SubcommandDecl }): string => `• \`${usageLine(decl, e.path, e.sub)}\` — ${e.sub.description}`;
  const member = entries.filter((e) => e.sub.permission === 'member');
  const admin = entries.filter((e) => e.sub.permission === 'admin');
  const lines = [
    `**/${decl.name}** — ${decl.description}`,
    '',
    '**For everyone**',
    ...member.map(line),
  ];
  if (decl.defaultSubcommand !== undefined) lines.push(`\`/${decl.name}\` on its own runs \`/${decl.name} ${decl.defaultSubcommand}\`.`);
  lines.push('', '**For admins**', ...admin.map(line), '');
  lines.push("N is a piece number in the channel's latest digest; `digest` picks an older one: `previous` or a date such as 2026-11-20.");
  lines.push('_On Slack, slash commands do not run inside threads: type them in the channel._');
  return lines.join('\n');
}
