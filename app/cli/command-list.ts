// The `digest` subcommands: what --help lists, and each one's module, imported only when that command runs.
// Add a command here (one entry, its code in app/cli/commands/); keep this file free of other imports.
import type { CliCommand } from './cli-io.ts';

export const CLI_COMMANDS: readonly CliCommand[] = [
  {
    name: 'run',
    summary: 'Run the bot: ingest on an interval and post digests on each channel’s schedule. Without Discord or Slack tokens, print one digest to the console and exit',
    usage: 'digest run [--all] [--config FILE]',
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the web archive of the stored digests alone, without the bot (Ctrl-C stops it)',
    usage: 'digest serve [--port N] [--host ADDRESS] [--config FILE]',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    name: 'site',
    summary: "The web archive as static files: `site build <dir>` writes (or updates) them; `site urls` lists each channel's address",
    usage: 'digest site build <dir> | digest site urls [--config FILE]',
    load: async () => (await import('./commands/site.ts')).siteCommand,
  },
  {
    name: 'preview',
    summary: 'Ingest, then build the next digest without posting or saving it, and print it (or JSON)',
    usage: 'digest preview [--source URL_OR_PATH]… [--pieces N] [--all] [--full-text] [--json] [--config FILE]',
    load: async () => (await import('./commands/preview.ts')).previewCommand,
  },
  {
    name: 'ingest',
    summary: 'Run one ingest cycle over every source a channel reads and print a line per source',
    usage: 'digest ingest [--json] [--config FILE]',
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
  },
  {
    name: 'sources',
    summary: 'List, add, remove, pause, resume, change, export or import feeds, for every channel or the ones --channel names',
    usage: 'digest sources list | add <url|path> [--name NAME] | remove <id> | pause <id> | resume <id> | set <id> fulltext|weight|name <value> | export | import <file.opml> [--dry-run]   [--channel ID]… [--config FILE]',
    load: async () => (await import('./commands/sources.ts')).sourcesCommand,
  },
  {
    name: 'command',
    summary: 'Run a slash command as the operator, in the console channel or the one --channel names, e.g. digest command "takeaways 2"',
    usage: 'digest command "<text after /digest>" [--channel PLATFORM:WORKSPACE:CHANNEL] [--config FILE]   (try: digest command help)',
    load: async () => (await import('./commands/command.ts')).commandCommand,
  },
  {
    name: 'doctor',
    summary: 'Check a deployment before going live: config, environment, database, each platform token, the LLM and the ports; prints a checklist with the fix for each failure',
    usage: 'digest doctor [--json] [--config FILE]',
    load: async () => (await import('./commands/doctor.ts')).doctorCommand,
  },
  {
    name: 'migrate',
    summary: 'Apply pending database migrations (they also run at every start-up)',
    usage: 'digest migrate [--config FILE]',
    load: async () => (await import('./commands/migrate.ts')).migrateCommand,
  },
];
