import type { Channel, ChannelSettings } from '../../domain/channel.ts';
import { checkCron } from '../../rules/cron.ts';
import { checkLanguage } from '../../rules/language.ts';
import { isIanaTimezone } from '../../rules/timezone.ts';
import { checkFilterRule } from '../../filter/compile-filter.ts';
import { FILTER_LIMITS } from '../../filter/filter-rule.ts';
import type { Actor } from '../actor.ts';
import { settingOrigins, type ValueSource } from '../config/provenance.ts';
import type { BotDeps } from '../deps.ts';
import { invalidInput, managedByConfig } from '../errors.ts';
import { targetChannel } from './channel-target.ts';

export const MAX_INTERESTS = 20;
export const MAX_INTEREST_LENGTH = 60;

/** A channel's settings with where each comes from (file, chat or default). */
export interface SettingsView {
  channel: Channel;
  origins: Record<keyof ChannelSettings, ValueSource>;
}

/** What a chat or CLI command may change; each key is checked against the one rule for it. */
export type SettingsChange = Partial<Pick<ChannelSettings, 'pieces' | 'interests' | 'language' | 'cron' | 'timezone' | 'schedulePaused' | 'adminChannelId' | 'filters'>>;

const LABELS: Record<keyof ChannelSettings, string> = {
  pieces: 'the number of pieces per digest',
  interests: 'the interests',
  language: 'the summary language',
  cron: 'the schedule',
  timezone: 'the schedule timezone',
  schedulePaused: 'the schedule pause',
  adminChannelId: 'the admin alert channel',
  filters: 'the filters',
};

export async function showSettings(deps: BotDeps, actor: Actor): Promise<SettingsView> {
  const channel = await targetChannel(deps.store, actor);
  return { channel, origins: settingOrigins(deps.index, channel) };
}

/**
 * Changes settings of one channel in one write, after checking every value; a value the config file states for
 * the channel is refused, naming the file and the key. What chat sets persists across restarts.
 */
export async function changeSettings(deps: BotDeps, actor: Actor, change: SettingsChange): Promise<SettingsView> {
  const channel = await targetChannel(deps.store, actor);
  const keys = Object.keys(change) as (keyof ChannelSettings)[];
  refuseFileManaged(deps, channel, keys);
  const checked = checkChange(change, deps.now());
  const updated = await deps.store.updateChannelSettings(channel.id, { ...channel.settings, ...checked }, { setInChat: [...(channel.settingsSetInChat ?? []), ...keys] });
  if (updated === undefined) throw new Error(`channel ${channel.id} vanished while saving its settings`);
  if (keys.some((k) => k === 'cron' || k === 'timezone' || k === 'schedulePaused')) deps.delivery.scheduleChanged(updated);
  return { channel: updated, origins: settingOrigins(deps.index, updated) };
}

/** Throws `managed-by-config`, naming the file and the key, when the file states one of these settings for the channel. */
export function refuseFileManaged(deps: Pick<BotDeps, 'index'>, channel: Channel, keys: readonly (keyof ChannelSettings)[]): void {
  const origins = settingOrigins(deps.index, channel);
  for (const key of keys) {
    const origin = origins[key];
    if (origin.origin === 'file' && origin.key !== undefined) throw managedByConfig(LABELS[key], origin.key, deps.index);
  }
}

/** Puts a chat-set value back to what the file or the deployment default says. */
export async function resetSetting(deps: BotDeps, actor: Actor, key: keyof ChannelSettings): Promise<SettingsView> {
  const channel = await targetChannel(deps.store, actor);
  const origin = settingOrigins(deps.index, channel)[key];
  if (origin.origin === 'file' && origin.key !== undefined) throw managedByConfig(LABELS[key], origin.key, deps.index);
  const setInChat = (channel.settingsSetInChat ?? []).filter((k) => k !== key);
  // No filters is the default (the defaults leave the key out, so channels stored before filters read the same).
  const value = key === 'filters' ? [] : deps.index.defaults[key];
  const updated = await deps.store.updateChannelSettings(channel.id, { ...channel.settings, [key]: value }, { setInChat });
  if (updated === undefined) throw new Error(`channel ${channel.id} vanished while resetting its settings`);
  if (key === 'cron' || key === 'timezone' || key === 'schedulePaused') deps.delivery.scheduleChanged(updated);
  return { channel: updated, origins: settingOrigins(deps.index, updated) };
}

function checkChange(change: SettingsChange, now: Date): SettingsChange {
  const checked: SettingsChange = { ...change };
  if (change.pieces !== undefined && (!Number.isInteger(change.pieces) || change.pieces < 1 || change.pieces > 10)) {
    throw invalidInput(`Pieces per digest must be a whole number from 1 to 10; got ${change.pieces}. Nothing was changed.`);
  }
  if (change.interests !== undefined) {
    if (change.interests.length > MAX_INTERESTS) throw invalidInput(`That is ${change.interests.length} interests; at most ${MAX_INTERESTS}. Nothing was changed.`);
    const tooLong = change.interests.find((i) => i.length > MAX_INTEREST_LENGTH);
    if (tooLong !== undefined) throw invalidInput(`"${tooLong.slice(0, 30)}…" is too long for an interest (at most ${MAX_INTEREST_LENGTH} characters). Nothing was changed.`);
  }
  if (change.language !== undefined) {
    const language = checkLanguage(change.language);
    if (!language.ok) throw invalidInput(`${language.problem}. Nothing was changed.`);
    checked.language = language.code;
  }
  if (change.cron !== undefined) {
    const cron = checkCron(change.cron, now);
    if (!cron.ok) throw invalidInput(`\`${change.cron}\`: ${cron.problem}; nothing was changed.`, 'A cron has five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5".');
    checked.cron = cron.expression;
  }
  // Every rule is checked again, whoever built the list: a catastrophic pattern never reaches the store.
  if (change.filters !== undefined) {
    if (change.filters.length > FILTER_LIMITS.rulesPerChannel) throw invalidInput(`That is ${change.filters.length} filters; at most ${FILTER_LIMITS.rulesPerChannel}. Nothing was changed.`);
    for (const rule of change.filters) checkFilterRule(rule);
  }
  if (change.timezone !== undefined && !isIanaTimezone(change.timezone)) {
    throw invalidInput(`"${change.timezone}" is not an IANA timezone (e.g. Europe/London, America/New_York, UTC); nothing was changed.`);
  }
  return checked;
}
