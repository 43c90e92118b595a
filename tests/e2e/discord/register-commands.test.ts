import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../adapters/discord/register-commands.ts';
import { digestCommand } from '../../../commands/digest-command.ts';
import { toDiscordCommandJson } from '../../../commands/render-discord-json.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { GUILD_ID, GUILDS } from './discord-harness.ts';

describe('registering the /digest command', () => {
  let fake: FakeDiscord;
  let rest: REST;
  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  });
  afterEach(async () => {
    await fake.close();
  });

  const register = (commands: Record<string, unknown>[], guildIds: string[] = [GUILD_ID]) => registerCommands({ rest, applicationId: fake.applicationId, guildIds, commands, logger: silentLogger() });
  const puts = (): number => fake.calls.filter((c) => c.method === 'PUT').length;

  it('puts the declarations once and skips the PUT while they are unchanged', async () => {
    const commands = [toDiscordCommandJson(digestCommand)];
    expect(await register(commands)).toEqual([{ scope: GUILD_ID, changed: true }]);
    expect(puts()).toBe(1);
    expect(fake.commands.get(GUILD_ID)).toHaveLength(1);
    expect(await register([toDiscordCommandJson(digestCommand)])).toEqual([{ scope: GUILD_ID, changed: false }]);
    expect(puts()).toBe(1);
  });

  it('re-puts when a declaration changed', async () => {
    const commands = [toDiscordCommandJson(digestCommand)];
    await register(commands);
    const changed = [{ ...commands[0], description: 'A new description' }];
    expect(await register(changed)).toEqual([{ scope: GUILD_ID, changed: true }]);
    expect(puts()).toBe(2);
  });

  it('registers globally when no guild is configured', async () => {
    await register([toDiscordCommandJson(digestCommand)], []);
    expect(fake.calls.find((c) => c.method === 'PUT')?.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.commands.get('global')).toHaveLength(1);
  });
});
