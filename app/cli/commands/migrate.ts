import { loadConfig } from '../../../src/config/load-config.ts';
import { migrateStore } from '../../../src/store/migrate.ts';
import { embeddedDefault } from '../../embedded-default.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler } from '../cli-io.ts';

export const migrateCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {});
    const { config, env } = loadConfig({ configPath: values.config, environment: io.environment, cwd: io.cwd, embeddedDefault });
    const summary = await migrateStore({ databaseUrl: env.DATABASE_URL, sqlitePath: config.database.sqlitePath });
    const target = env.DATABASE_URL === undefined ? config.database.sqlitePath : 'PostgreSQL (DATABASE_URL)';
    if (summary.applied.length === 0) writeLine(io.stdout, `${target}: schema is up to date (version ${summary.to}).`);
    else writeLine(io.stdout, `${target}: migrated from version ${summary.from} to ${summary.to} (${summary.applied.join(', ')}).`);
    return EXIT.ok;
  },
};
