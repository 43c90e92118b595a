import type { BudgetStatus } from '../../budget/workspace-budget.ts';
import { workspaceKeyOf, type WorkspaceKey } from '../../domain/workspace.ts';
import type { Actor } from '../actor.ts';
import type { BotDeps } from '../deps.ts';
import { targetChannel } from './channel-target.ts';

/** The workspace an actor acts on: the admin's own, or the one of the channel the operator names. */
export async function targetWorkspace(deps: Pick<BotDeps, 'store'>, actor: Actor): Promise<WorkspaceKey> {
  if (actor.kind === 'admin') return workspaceKeyOf(actor.channel.ref);
  return workspaceKeyOf((await targetChannel(deps.store, actor)).ref);
}

/** This month's LLM calls and tokens by purpose for the actor's workspace, with its budget. */
export async function workspaceUsage(deps: BotDeps, actor: Actor): Promise<BudgetStatus> {
  return deps.budget.status(await targetWorkspace(deps, actor));
}
