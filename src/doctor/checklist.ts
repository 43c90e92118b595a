/** One line of `digest doctor`'s checklist. */
export interface CheckResult {
  /** pass: fine; warn: works, but look at it; fail: will not work until fixed; skip: not applicable or blocked by an earlier failure. */
  status: 'pass' | 'warn' | 'fail' | 'skip';
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

export interface DoctorCheck {
  name: string;
  run(): Promise<CheckResult>;
}

export interface ChecklistEntry extends CheckResult {
  name: string;
}

/** Runs the checks one after another (their output reads top to bottom), each within `timeoutMs`; a throw is a fail. */
export async function runChecklist(checks: readonly DoctorCheck[], timeoutMs = 20_000): Promise<ChecklistEntry[]> {
  const entries: ChecklistEntry[] = [];
  for (const check of checks) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'fail', detail: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
    });
    try {
      entries.push({ name: check.name, ...(await Promise.race([check.run(), timeout])) });
    } catch (error) {
      const hint = (error as { hint?: unknown } | null)?.hint;
      entries.push({ name: check.name, status: 'fail', detail: error instanceof Error ? error.message : String(error), ...(typeof hint === 'string' ? { fix: hint } : {}) });
    } finally {
      clearTimeout(timer);
    }
  }
  return entries;
}

/** True when nothing failed (warnings and skips do not fail a deployment). */
export function checklistPassed(entries: readonly ChecklistEntry[]): boolean {
  return entries.every((e) => e.status !== 'fail');
}

const MARK: Record<CheckResult['status'], string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** The checklist as text: a mark, the check and what was found; the fix indented under each warn or fail. */
export function formatChecklist(entries: readonly ChecklistEntry[]): string {
  const width = Math.max(...entries.map((e) => e.name.length));
  const lines = entries.flatMap((e) => [
    `${MARK[e.status]} ${e.name.padEnd(width)}  ${e.detail}`,
    ...(e.fix !== undefined && (e.status === 'fail' || e.status === 'warn') ? [`  ${' '.repeat(width)}  fix: ${e.fix}`] : []),
  ]);
  const failed = entries.filter((e) => e.status === 'fail').length;
  const warned = entries.filter((e) => e.status === 'warn').length;
  const summary = failed === 0
    ? `All ${entries.length - entries.filter((e) => e.status === 'skip').length} checks passed${warned === 0 ? '' : ` (${warned} with a warning)`}.`
    : `${failed} of ${entries.length} checks failed${warned === 0 ? '' : `, ${warned} with a warning`}.`;
  return [...lines, '', summary].join('\n');
}
