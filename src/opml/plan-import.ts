import type { OpmlDocument, OpmlEntry } from './parse-opml.ts';

/** What importing one entry will do (or, on a dry run, would do). */
export type ImportAction = 'add' | 'skip' | 'refuse';

export interface ImportPlanItem {
  /** 1-based position in the file's list of feeds. */
  number: number;
  entry: OpmlEntry;
  action: ImportAction;
  /** The location to add (normalised by the URL policy) when action is 'add'. */
  location: string | null;
  /** Why it is skipped or refused; null for 'add'. */
  reason: string | null;
}

export interface ImportPlanInput {
  document: OpmlDocument;
  /**
   * The caller's URL/path policy: the location to add, or why it is refused (e.g. only http(s) from chat).
   * One policy for every entry point, so an OPML file cannot add what `sources add` would refuse.
   */
  checkLocation(url: string): { ok: true; location: string } | { ok: false; reason: string };
  /** Locations the channel already reads (as the policy normalises them). */
  subscribed: ReadonlySet<string>;
}

/**
 * Decides per entry, without changing anything: add it, skip it (already read by the channel, or listed
 * twice in the file) or refuse it (the URL policy says no). `--dry-run` prints this plan; an import carries it out.
 */
export function planOpmlImport(input: ImportPlanInput): ImportPlanItem[] {
  const seen = new Map<string, number>();
  return input.document.entries.map((entry, index): ImportPlanItem => {
    const number = index + 1;
    const checked = input.checkLocation(entry.url);
    if (!checked.ok) return { number, entry, action: 'refuse', location: null, reason: checked.reason };
    const location = checked.location;
    const earlier = seen.get(location);
    if (earlier !== undefined) return { number, entry, action: 'skip', location, reason: `listed twice (as entry ${earlier} too)` };
    seen.set(location, number);
    if (input.subscribed.has(location)) return { number, entry, action: 'skip', location, reason: 'this channel already reads it' };
    return { number, entry, action: 'add', location, reason: null };
  });
}

/** Counts per action, for the summary line of an import. */
export function summarisePlan(items: readonly { action: ImportAction }[]): Record<ImportAction, number> {
  const counts: Record<ImportAction, number> = { add: 0, skip: 0, refuse: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}

/** One line per entry: `3. add   "The Gradient" https://thegradient.pub/rss/` or `4. refuse "X" file:///…: reason`. */
export function describePlanItem(item: ImportPlanItem, verb: Partial<Record<ImportAction, string>> = {}): string {
  const word = verb[item.action] ?? item.action;
  const name = item.entry.title === '' ? '' : ` "${item.entry.title}"`;
  return `${item.number}. ${word}${name} ${item.location ?? item.entry.url}${item.reason === null ? '' : ` — ${item.reason}`}`;
}
