import type { BudgetStatus } from '../../budget/workspace-budget.ts';
import { workspaceKeyOf, type AlertMention, type WorkspaceKey, type WorkspaceSettings } from '../../domain/workspace.ts';
import type { Actor } from '../actor.ts';
import type { ValueSource } from '../config/provenance.ts';
import type { BotDeps } from '../deps.ts';
import { invalidInput, managedByConfig } from '../errors.ts';
import { targetChannel } from './channel-target.ts';

/** The most tokens a monthly budget may be set to (the config schema's bound too). */
export const MAX_MONTHLY_TOKENS = 1e12;

/** Settings of a whole workspace (Discord server, Slack workspace): where alerts go, and its LLM budget. */
export interface WorkspaceView {
  workspace: WorkspaceKey;
  settings: WorkspaceSettings;
  /** The budget in force and where it comes from: the file's `cost.monthlyTokenBudget` wins over chat's. */
  budget: { limit: number | null; origin: ValueSource };
  /** True for the console, whose alerts are printed in the terminal. */
  console: boolean;
}

/** The workspace an actor acts on: the admin's own, or the one of the channel the operator names. */
export async function targetWorkspace(deps: Pick<BotDeps, 'store'>, actor: Actor): Promise<WorkspaceKey> {
  if (actor.kind === 'admin') return workspaceKeyOf(actor.channel.ref);
  return workspaceKeyOf((await targetChannel(deps.store, actor)).ref);
}

/** This month's LLM calls and tokens by purpose for the actor's workspace, with its budget. */
export async function workspaceUsage(deps: BotDeps, actor: Actor): Promise<BudgetStatus> {
  return deps.budget.status(await targetWorkspace(deps, actor));
}

export async function showWorkspace(deps: BotDeps, actor: Actor): Promise<WorkspaceView> {
  const workspace = await targetWorkspace(deps, actor);
  return view(deps, workspace, await deps.store.workspaces.getWorkspaceSettings(workspace));
}

/**
 * Sends the workspace's admin alerts to one of its channels, optionally mentioning a role, user group or user
 * (the only thing an alert may ping); null sends them back to the channels concerned. The caller has checked the
 * channel is one of this workspace's (ids are the platform's). The console's alerts are the terminal's.
 */
export async function setAlertChannel(deps: BotDeps, actor: Actor, target: { channelId: string; mention: AlertMention | null } | null): Promise<WorkspaceView> {
  const workspace = await targetWorkspace(deps, actor);
  if (workspace.startsWith('console:')) {
    throw invalidInput('In the console, admin alerts are printed in this terminal; there is no alert channel to set.');
  }
  if (target !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(target.channelId)) {
    throw invalidInput(`\`${target.channelId.slice(0, 64)}\` is not a channel id. Nothing was changed.`, 'Name the channel as #channel (Discord and Slack turn it into a link) or by its id.');
  }
  const patch: Partial<WorkspaceSettings> = target === null ? { alertChannelId: null, alertMention: null } : { alertChannelId: target.channelId, alertMention: target.mention };
  return view(deps, workspace, await deps.store.workspaces.updateWorkspaceSettings(workspace, patch, deps.now()));
}

/**
 * Sets the workspace's monthly LLM token budget (null: none). The config file's `cost.monthlyTokenBudget`, when it
 * states one, is every workspace's budget and chat may not change it (the one rule between file and chat).
 */
export async function setBudget(deps: BotDeps, actor: Actor, tokens: number | null): Promise<WorkspaceView> {
  const workspace = await targetWorkspace(deps, actor);
  if (deps.index.config.cost.monthlyTokenBudget !== null) throw managedByConfig('the monthly LLM budget of every workspace', 'cost.monthlyTokenBudget', deps.index);
  if (tokens !== null && (!Number.isInteger(tokens) || tokens < 0 || tokens > MAX_MONTHLY_TOKENS)) {
    throw invalidInput(`A monthly budget is a whole number of tokens from 0 to ${MAX_MONTHLY_TOKENS.toLocaleString('en-GB')}; got ${tokens}. Nothing was changed.`);
  }
  return view(deps, workspace, await deps.store.workspaces.updateWorkspaceSettings(workspace, { monthlyTokenBudget: tokens }, deps.now()));
}

function view(deps: BotDeps, workspace: WorkspaceKey, settings: WorkspaceSettings): WorkspaceView {
  const file = deps.index.config.cost.monthlyTokenBudget;
  const budget = file !== null
    ? { limit: file, origin: { origin: 'file', key: 'cost.monthlyTokenBudget' } as ValueSource }
    : { limit: settings.monthlyTokenBudget, origin: { origin: settings.monthlyTokenBudget === null ? 'default' : 'chat' } as ValueSource };
  return { workspace, settings, budget, console: workspace.startsWith('console:') };
}
