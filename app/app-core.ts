import { loadConfig, type LoadedConfig } from '../src/config/load-config.ts';
import { SECRET_ENV_NAMES } from '../src/config/env.ts';
import type { Config } from '../src/config/schema.ts';
import { createLogger, type Logger } from '../src/log/logger.ts';
import { createStore } from '../src/store/create-store.ts';
import type { Store } from '../src/store/store.ts';
import { indexConfig, type ConfigIndex } from '../src/bot/config/config-index.ts';
import { syncConfig } from '../src/bot/config/sync-config.ts';
import type { CliIo } from './cli/cli-io.ts';
import { embeddedDefault } from './embedded-default.ts';

/**
 * What every command starts from: the loaded config, a logger, the migrated store with the config synced into it.
 * Commands that only ingest or manage sources need no more, and so never load the summariser, the LLM clients,
 * discussion or the archive (app/compose.ts builds those on top of this).
 */
export interface AppCore {
  loaded: LoadedConfig;
  config: Config;
  index: ConfigIndex;
  logger: Logger;
  store: Store;
  now: () => Date;
  cwd: string;
  close(): Promise<void>;
}

/** Loads config (throws ConfigError), opens and migrates the store, and syncs the config into it. */
export async function openAppCore(io: CliIo, options: { configPath?: string; logLevel?: string; inMemory?: boolean }): Promise<AppCore> {
  const loaded = loadConfig({ configPath: options.configPath, environment: io.environment, cwd: io.cwd, embeddedDefault });
  const { config, env } = loaded;
  const logger = createLogger({
    level: options.logLevel ?? env.LOG_LEVEL ?? config.log.level,
    secrets: SECRET_ENV_NAMES.map((name) => env[name]),
    destination: io.stderr,
  });
  const store = options.inMemory === true
    ? await createStore({ sqlitePath: ':memory:' })
    : await createStore({ databaseUrl: env.DATABASE_URL, sqlitePath: config.database.sqlitePath });
  const index = indexConfig(config, loaded.configPath);
  try {
    await syncConfig(store, index);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { loaded, config, index, logger, store, now: () => new Date(), cwd: io.cwd, close: () => store.close() };
}
