import { AsyncLocalStorage } from 'node:async_hooks';
import type { LlmUsage } from '../domain/summary.ts';
import type { WorkspaceKey } from '../domain/workspace.ts';

/**
 * The workspace LLM calls are made for, carried through async work. Usage is recorded deep inside the summariser,
 * the relevance scorer and the ask client, which serve every workspace from one shared cache; carrying the
 * workspace implicitly attributes each call to the digest or question that caused it without threading a
 * parameter through every layer. A call shared by several workspaces (one summary, cached) is attributed to the
 * one whose request made it.
 */
const scope = new AsyncLocalStorage<WorkspaceKey>();

/** Runs `task` with its LLM usage attributed to `workspace`. */
export function withUsageWorkspace<T>(workspace: WorkspaceKey, task: () => Promise<T>): Promise<T> {
  return scope.run(workspace, task);
}

/** The workspace of the work running now, or null outside any (CLI previews, ingest). */
export function currentUsageWorkspace(): WorkspaceKey | null {
  return scope.getStore() ?? null;
}

/** Wraps a usage recorder so each record carries the current workspace unless it names one. */
export function attributeUsage<R>(record: (usage: LlmUsage) => R): (usage: LlmUsage) => R {
  return (usage) => record(usage.workspace === undefined || usage.workspace === null ? { ...usage, workspace: currentUsageWorkspace() } : usage);
}
