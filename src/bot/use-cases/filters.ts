import { addFilterRule, removeFilterRule } from '../../filter/filter-list.ts';
import { parseFilterRule, type FilterAction, type FilterRule } from '../../filter/filter-rule.ts';
import type { Actor } from '../actor.ts';
import type { BotDeps } from '../deps.ts';
import { targetChannel } from './channel-target.ts';
import { changeSettings, refuseFileManaged, type SettingsView } from './settings.ts';

/**
 * Adds an include or exclude rule to the actor's channel: a word, a phrase or a /regular expression/ (RE2; a pattern
 * only a backtracking engine could run is refused with why). Through `changeSettings`, so the file's filters win.
 */
export async function addFilter(deps: BotDeps, actor: Actor, action: FilterAction, text: string): Promise<{ view: SettingsView; rule: FilterRule; number: number }> {
  const channel = await targetChannel(deps.store, actor);
  refuseFileManaged(deps, channel, ['filters']);
  const rules = addFilterRule(channel.settings.filters ?? [], parseFilterRule(action, text));
  const view = await changeSettings(deps, actor, { filters: rules });
  return { view, rule: rules[rules.length - 1]!, number: rules.length };
}

/** Removes rule `number` (as `settings show` numbers them) from the actor's channel. */
export async function removeFilter(deps: BotDeps, actor: Actor, number: number): Promise<{ view: SettingsView; removed: FilterRule }> {
  const channel = await targetChannel(deps.store, actor);
  refuseFileManaged(deps, channel, ['filters']);
  const { rules, removed } = removeFilterRule(channel.settings.filters ?? [], number);
  const view = await changeSettings(deps, actor, { filters: rules });
  return { view, removed };
}
