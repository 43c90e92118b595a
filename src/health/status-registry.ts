/** One component's state as /healthz shows it. Extra fields (ages, counts, times) are reported as they are. */
export interface ComponentStatus {
  ok: boolean;
  detail: string;
  /**
   * Whether a failure makes this instance unready (503). Default true. False for what a restart cannot fix and the
   * bot survives (a failing feed, an LLM answering errors: the offline summariser takes over).
   */
  critical?: boolean;
  [field: string]: unknown;
}

/** The /healthz body. */
export interface HealthReport {
  /** ok: every component ok; degraded: some are not; stopping: shutting down (not ready). */
  status: 'ok' | 'degraded' | 'stopping';
  /** Serve traffic / count as healthy: every critical component ok and not stopping. */
  ready: boolean;
  checks: Record<string, ComponentStatus>;
}

type Source = { kind: 'set'; status: ComponentStatus } | { kind: 'probe'; check: () => ComponentStatus | Promise<ComponentStatus> };

/**
 * What the runtime knows about itself, for /healthz: components push their state when it changes (`set`: an adapter
 * connecting) or are asked at each request (`probe`: a live store query, the scheduler's next slot). The body names
 * components and states only, never configuration or secrets.
 */
export interface StatusRegistry {
  set(name: string, status: ComponentStatus): void;
  probe(name: string, check: () => ComponentStatus | Promise<ComponentStatus>): void;
  remove(name: string): void;
  /** From now on the instance reports "stopping" and not ready, so a load balancer drains it. */
  markStopping(): void;
  readonly stopping: boolean;
  /** Every component's state; a probe that throws or takes longer than `timeoutMs` counts as failing. */
  report(timeoutMs?: number): Promise<HealthReport>;
}

export function createStatusRegistry(): StatusRegistry {
  const components = new Map<string, Source>();
  let stopping = false;
  return {
    set(name, status) {
      components.set(name, { kind: 'set', status });
    },
    probe(name, check) {
      components.set(name, { kind: 'probe', check });
    },
    remove(name) {
      components.delete(name);
    },
    markStopping() {
      stopping = true;
    },
    get stopping() {
      return stopping;
    },
    async report(timeoutMs = 2_000) {
      const entries = await Promise.all([...components].map(async ([name, source]) => [name, source.kind === 'set' ? source.status : await runProbe(source.check, timeoutMs)] as const));
      const checks = Object.fromEntries(entries);
      const statuses = Object.values(checks);
      const ready = !stopping && statuses.every((s) => s.ok || s.critical === false);
      return { status: stopping ? 'stopping' : statuses.every((s) => s.ok) ? 'ok' : 'degraded', ready, checks };
    },
  };
}

async function runProbe(check: () => ComponentStatus | Promise<ComponentStatus>, timeoutMs: number): Promise<ComponentStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ComponentStatus>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
