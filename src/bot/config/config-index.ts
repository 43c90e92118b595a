import path from 'node:path';
import type { ChannelRef, ChannelSettings } from '../../domain/channel.ts';
import { channelIdOf } from '../../domain/channel.ts';
import type { ChannelConfig, Config, SourceConfig } from '../../config/schema.ts';

/** The terminal's channel: `digest command`, `digest preview` and the console adapter talk to it. */
export const CONSOLE_REF: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'terminal' };

/** A channel the config file declares, and where in the file. */
export interface DeclaredChannel {
  ref: ChannelRef;
  id: string;
  /** Null for the console channel when the file does not list it: it reads every configured source. */
  entry: ChannelConfig | null;
  /** `channels[2]`, or null for the implicit console channel. */
  key: string | null;
}

/** A source the config file declares, and where in the file. */
export interface DeclaredSource {
  entry: SourceConfig;
  /** `sources[1]` */
  key: string;
}

/** Channel settings the file can state, with the config key that states them. */
const STATED: readonly { setting: keyof ChannelSettings; key: keyof ChannelConfig }[] = [
  { setting: 'pieces', key: 'pieces' },
  { setting: 'interests', key: 'interests' },
  { setting: 'language', key: 'language' },
  { setting: 'cron', key: 'cron' },
  { setting: 'timezone', key: 'timezone' },
  { setting: 'adminChannelId', key: 'adminChannel' },
  { setting: 'filters', key: 'filters' },
];

/**
 * What the config file says, looked up the way the config-vs-chat rule needs it (docs/configuration.md): which
 * channels and sources it declares, which settings it states, and the file and key to name when chat may not
 * change a value.
 */
export interface ConfigIndex {
  config: Config;
  /** The file to name in "managed by" answers: its name, or "the built-in defaults" without one. */
  fileLabel: string;
  /** How to change (or remove) what the file manages: edit the file, or (built-in defaults) write one. */
  howToChange(key: string, action?: 'change' | 'remove'): string;
  channels: DeclaredChannel[];
  channel(channelId: string): DeclaredChannel | undefined;
  source(url: string): DeclaredSource | undefined;
  /** The URLs the file gives a declared channel (every configured source unless the entry lists some). */
  sourcesOf(channel: DeclaredChannel): DeclaredSource[];
  /** The settings the file states for a channel, each with its key (`channels[0].cron`). */
  statedSettings(channelId: string): Map<keyof ChannelSettings, { value: unknown; key: string }>;
  /** The deployment defaults every setting falls back to. */
  defaults: ChannelSettings;
}

export function indexConfig(config: Config, configPath: string | null): ConfigIndex {
  const declared: DeclaredChannel[] = config.channels.map((entry, i) => {
    const ref: ChannelRef = { platform: entry.platform, workspaceId: entry.workspace, channelId: entry.channel };
    return { ref, id: channelIdOf(ref), entry, key: `channels[${i}]` };
  });
  if (!declared.some((c) => c.id === channelIdOf(CONSOLE_REF))) declared.push({ ref: CONSOLE_REF, id: channelIdOf(CONSOLE_REF), entry: null, key: null });
  const byId = new Map(declared.map((c) => [c.id, c]));
  const sources = new Map<string, DeclaredSource>();
  config.sources.forEach((entry, i) => {
    if (!sources.has(entry.url)) sources.set(entry.url, { entry, key: `sources[${i}]` });
  });
  const all = [...sources.values()];
  return {
    config,
    fileLabel: configPath === null ? 'the built-in defaults' : path.basename(configPath),
    howToChange(key, action = 'change') {
      const edit = action === 'remove' ? `remove it from \`${key}\`` : `change \`${key}\``;
      return configPath === null
        ? `There is no config file yet: copy examples/digest.config.yaml to digest.config.yaml, ${edit} there and restart the bot.`
        : `To do so, ${edit} in ${configPath} and restart the bot.`;
    },
    channels: declared,
    channel: (id) => byId.get(id),
    source: (url) => sources.get(url),
    sourcesOf(channel) {
      const listed = channel.entry?.sources;
      if (listed === undefined) return all;
      return listed.map((url) => sources.get(url) ?? { entry: { url }, key: `${channel.key ?? 'channels'}.sources` });
    },
    statedSettings(channelId) {
      const stated = new Map<keyof ChannelSettings, { value: unknown; key: string }>();
      const channel = byId.get(channelId);
      if (channel?.entry == null) return stated;
      for (const { setting, key } of STATED) {
        const value = channel.entry[key];
        if (value !== undefined) stated.set(setting, { value, key: `${channel.key}.${key}` });
      }
      return stated;
    },
    defaults: deploymentDefaults(config),
  };
}

/** The settings a channel has where neither the file nor chat says otherwise. */
export function deploymentDefaults(config: Config): ChannelSettings {
  return {
    pieces: config.selection.pieces,
    interests: [],
    language: config.summariser.language,
    cron: config.schedule.cron,
    timezone: config.timezone,
    schedulePaused: false,
    adminChannelId: null,
  };
}
