import type { ComponentStatus } from './status-registry.ts';

export interface LlmHealth {
  recordSuccess(at?: Date): void;
  recordFailure(reason: string, at?: Date): void;
  status(): ComponentStatus;
}

/**
 * The LLM's last successful call (and a failure since, if any). Never makes the instance unready: without an answer
 * the offline summariser writes the digest.
 */
export function createLlmHealth(options: { configured: boolean; model?: string; now: () => Date }): LlmHealth {
  let lastSuccess: Date | undefined;
  let lastFailure: { at: Date; reason: string } | undefined;
  return {
    recordSuccess(at = options.now()) {
      lastSuccess = at;
    },
    recordFailure(reason, at = options.now()) {
      lastFailure = { at, reason };
    },
    status() {
      if (!options.configured) return { ok: true, critical: false, detail: 'not configured: summaries are written offline' };
      const fields = { model: options.model, lastSuccessAt: lastSuccess?.toISOString() ?? null };
      if (lastFailure !== undefined && (lastSuccess === undefined || lastFailure.at > lastSuccess)) {
        return { ok: false, critical: false, detail: `the last call failed: ${lastFailure.reason}`, ...fields, lastFailureAt: lastFailure.at.toISOString() };
      }
      if (lastSuccess === undefined) return { ok: true, critical: false, detail: 'no call yet', ...fields };
      const ageSeconds = Math.round((options.now().getTime() - lastSuccess.getTime()) / 1000);
      return { ok: true, critical: false, detail: `last success ${ageSeconds} s ago`, ...fields };
    },
  };
}
