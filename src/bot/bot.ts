import { channelIdOf, type Channel, type ChannelRef, type ChannelSettings } from '../domain/channel.ts';
import type { BudgetStatus } from '../budget/workspace-budget.ts';
import type { AlertMention } from '../domain/workspace.ts';
import type { FilterAction, FilterRule } from '../filter/filter-rule.ts';
import type { Subscription } from '../domain/subscription.ts';
import type { Actor } from './actor.ts';
import type { BotDeps, PostDigestNowResult } from './deps.ts';
import { exportOpml, importOpml, importOpmlFromUrl, type ImportResult } from './use-cases/opml.ts';
import { targetChannel } from './use-cases/channel-target.ts';
import { changeSettings, resetSetting, showSettings, type SettingsChange, type SettingsView } from './use-cases/settings.ts';
import { addFilter, removeFilter } from './use-cases/filters.ts';
import { setAlertChannel, setBudget, showWorkspace, workspaceUsage, type WorkspaceView } from './use-cases/workspace.ts';
import { addSource, listSources, removeSource, setSourcePaused, updateSource, type AddSourceResult, type SourceChange, type SourceView } from './use-cases/sources.ts';

/**
 * Every use case, written once and bound to its dependencies: chat commands and the CLI are thin callers of these
 * (docs/application-layer.md). Each checks what the actor may act on, applies the one rule per value, and writes in one
 * transaction.
 */
export interface Bot {
  readonly deps: BotDeps;
  /** The stored channel for a platform channel, created with the deployment defaults on first sight. */
  ensureChannel(ref: ChannelRef): Promise<Channel>;
  /** The stored channel, or (not stored, e.g. a direct message) one with the deployment defaults; creates no row. */
  readChannel(ref: ChannelRef): Promise<Channel>;
  sources: {
    list(actor: Actor): Promise<SourceView[]>;
    add(actor: Actor, input: { location: string; name?: string }): Promise<AddSourceResult>;
    remove(actor: Actor, id: string): Promise<Subscription>;
    setPaused(actor: Actor, id: string, paused: boolean): Promise<{ subscription: Subscription; changed: boolean }>;
    update(actor: Actor, id: string, change: SourceChange): Promise<Subscription>;
    exportOpml(actor: Actor): Promise<string>;
    importOpml(actor: Actor, text: string, options?: { dryRun?: boolean }): Promise<ImportResult>;
    /** Imports the OPML file at an http(s) URL (fetched under the feed fetcher's rules). */
    importOpmlFrom(actor: Actor, url: string): Promise<ImportResult>;
  };
  settings: {
    show(actor: Actor): Promise<SettingsView>;
    change(actor: Actor, change: SettingsChange): Promise<SettingsView>;
    reset(actor: Actor, key: keyof ChannelSettings): Promise<SettingsView>;
    /** Adds an include/exclude rule to the channel's filters (checked, catastrophic patterns refused). */
    addFilter(actor: Actor, action: FilterAction, text: string): Promise<{ view: SettingsView; rule: FilterRule; number: number }>;
    removeFilter(actor: Actor, number: number): Promise<{ view: SettingsView; removed: FilterRule }>;
  };
  workspace: {
    /** This month's LLM usage of the actor's workspace by purpose, and its budget. */
    usage(actor: Actor): Promise<BudgetStatus>;
    /** Where the workspace's admin alerts go, whom they mention, and its LLM budget (with where it comes from). */
    show(actor: Actor): Promise<WorkspaceView>;
    /** Sends admin alerts to one channel of the workspace (null: back to the channels concerned). */
    setAlerts(actor: Actor, target: { channelId: string; mention: AlertMention | null } | null): Promise<WorkspaceView>;
    /** Sets the workspace's monthly LLM token budget (null: none); refused when the config file states one. */
    setBudget(actor: Actor, tokens: number | null): Promise<WorkspaceView>;
  };
  /** Builds and posts the actor's channel's next digest now. */
  postNow(actor: Actor): Promise<PostDigestNowResult>;
}

export function createBot(deps: BotDeps): Bot {
  return {
    deps,
    ensureChannel: (ref) => deps.store.ensureChannel(ref, deps.index.defaults),
    async readChannel(ref) {
      const id = channelIdOf(ref);
      return (await deps.store.getChannel(id)) ?? {
        id,
        ref,
        settings: deps.index.defaults,
        settingsSetInChat: [],
        createdAt: deps.now(),
        lastDeliveryError: null,
        lastDeliveryErrorAt: null,
      };
    },
    sources: {
      list: (actor) => listSources(deps, actor),
      add: (actor, input) => addSource(deps, actor, input),
      remove: (actor, id) => removeSource(deps, actor, id),
      setPaused: (actor, id, paused) => setSourcePaused(deps, actor, id, paused),
      update: (actor, id, change) => updateSource(deps, actor, id, change),
      exportOpml: (actor) => exportOpml(deps, actor),
      importOpml: (actor, text, options) => importOpml(deps, actor, text, options),
      importOpmlFrom: (actor, url) => importOpmlFromUrl(deps, actor, url),
    },
    settings: {
      show: (actor) => showSettings(deps, actor),
      change: (actor, change) => changeSettings(deps, actor, change),
      reset: (actor, key) => resetSetting(deps, actor, key),
      addFilter: (actor, action, text) => addFilter(deps, actor, action, text),
      removeFilter: (actor, number) => removeFilter(deps, actor, number),
    },
    workspace: {
      usage: (actor) => workspaceUsage(deps, actor),
      show: (actor) => showWorkspace(deps, actor),
      setAlerts: (actor, target) => setAlertChannel(deps, actor, target),
      setBudget: (actor, tokens) => setBudget(deps, actor, tokens),
    },
    async postNow(actor) {
      return deps.delivery.deliverNow(await targetChannel(deps.store, actor));
    },
  };
}
