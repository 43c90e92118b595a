import { Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/log/logger.ts';

export interface RegisterCommandsOptions {
  rest: REST;
  applicationId: string;
  /** Register per guild (instant, for iteration); empty → globally. */
  guildIds: readonly string[];
  /** Application-command JSON, e.g. `[toDiscordCommandJson(digestCommand)]`. */
  commands: readonly Record<string, unknown>[];
  logger: Logger;
}

/** What happened in one scope ('global' or a guild id). */
export interface RegistrationResult {
  scope: string;
  changed: boolean;
}

/**
 * Registers the commands in each scope, but only PUTs when what Discord holds differs from the
 * declarations: a bulk overwrite counts against the daily create limit and briefly reshuffles clients.
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegistrationResult[]> {
  const scopes = options.guildIds.length === 0 ? [undefined] : options.guildIds;
  const results: RegistrationResult[] = [];
  for (const guildId of scopes) {
    const route = guildId === undefined ? Routes.applicationCommands(options.applicationId) : Routes.applicationGuildCommands(options.applicationId, guildId);
    const scope = guildId ?? 'global';
    const remote = (await options.rest.get(route)) as unknown[];
    if (sameCommands(options.commands, remote)) {
      options.logger.debug({ scope }, 'discord commands unchanged; not re-registering');
      results.push({ scope, changed: false });
      continue;
    }
    await options.rest.put(route, { body: options.commands });
    options.logger.info({ scope, commands: options.commands.map((c) => c['name']) }, 'discord commands registered');
    results.push({ scope, changed: true });
  }
  return results;
}

/**
 * Whether Discord's copy matches the declarations. Discord adds ids, versions and defaults to what it
 * stores, so each declared field is compared and extra remote fields are ignored.
 */
export function sameCommands(declared: readonly Record<string, unknown>[], remote: readonly unknown[]): boolean {
  if (declared.length !== remote.length) return false;
  const byName = new Map(remote.map((r) => [(r as { name?: unknown }).name, r]));
  return declared.every((command) => byName.has(command['name']) && covers(command, byName.get(command['name'])));
}

function covers(declared: unknown, remote: unknown): boolean {
  if (Array.isArray(declared)) {
    return Array.isArray(remote) && declared.length === remote.length && declared.every((item, i) => covers(item, remote[i]));
  }
  if (declared !== null && typeof declared === 'object') {
    if (remote === null || typeof remote !== 'object' || Array.isArray(remote)) return false;
    return Object.entries(declared).every(([key, value]) => {
      const other = (remote as Record<string, unknown>)[key];
      if (value === undefined) return true;
      // Discord omits falsy defaults (`required: false`) and empty option lists in what it returns.
      if (other === undefined) return value === false || (Array.isArray(value) && value.length === 0);
      return covers(value, other);
    });
  }
  return declared === remote;
}
