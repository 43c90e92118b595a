import { parseOpml } from '../../opml/parse-opml.ts';
import { planOpmlImport, type ImportPlanItem } from '../../opml/plan-import.ts';
import { serializeOpml } from '../../opml/serialize-opml.ts';
import { checkFeedLocation } from '../../rules/feed-location.ts';
import { DigestError } from '../../errors.ts';
import { typedBy, type Actor } from '../actor.ts';
import { fallbackSourceName } from '../config/sync-config.ts';
import type { BotDeps } from '../deps.ts';
import { invalidInput } from '../errors.ts';
import { addSource, listSources, MAX_NAME_LENGTH } from './sources.ts';

/** How many feeds one import adds at most: each is probed once, so one file cannot keep the bot busy for hours. */
export const MAX_IMPORT_FEEDS = 200;

/** The actor's sources as OPML 2.0 (src/opml), in the order they were added, one outline per feed. */
export async function exportOpml(deps: BotDeps, actor: Actor): Promise<string> {
  const views = await listSources(deps, actor);
  const seen = new Set<string>();
  const entries = views.flatMap((view) => {
    if (seen.has(view.subscription.source.url)) return [];
    seen.add(view.subscription.source.url);
    return [{ url: view.subscription.source.url, title: view.name, category: [] }];
  });
  return serializeOpml({ title: `${deps.index.config.name} sources`, createdAt: deps.now(), entries });
}

export interface ImportResult {
  /** Every entry of the file with what was done: added (with the new ids), skipped or refused, and why. */
  items: (ImportPlanItem & { ids: string[] })[];
  /** Outlines the file lists that cannot be imported (no xmlUrl), one line each. */
  problems: string[];
}

/**
 * Adds the feeds of an OPML file (src/opml: bounded parse, per-entry plan) to the actor's channel(s) through the same
 * rules as `sources add`: the one location policy for who typed it, one probe each, the full-text default. A feed
 * that cannot be read is reported and the others go on; the names in the file become the channel's names for them.
 * `dryRun`: the same plan, nothing fetched or written (a feed that would be added is not probed yet).
 */
export async function importOpml(deps: BotDeps, actor: Actor, text: string, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
  const document = parseOpml(text);
  const dryRun = options.dryRun === true;
  // An operator's real import lets `sources add` decide per channel; a dry run, which adds nothing, says "skip"
  // for any feed one of the operator's channels already reads.
  const subscribed = actor.kind === 'admin'
    ? new Set((await deps.store.listSubscriptions({ channelIds: [actor.channel.id] })).map((s) => s.source.url))
    : dryRun
    ? new Set((await listSources(deps, actor)).map((view) => view.subscription.source.url))
    : new Set<string>();
  const plan = planOpmlImport({
    document,
    subscribed,
    checkLocation(url) {
      const check = checkFeedLocation(url, { typedBy: typedBy(actor), cwd: deps.cwd });
      return check.ok ? { ok: true, location: check.location } : { ok: false, reason: check.problem };
    },
  });
  const toAdd = plan.filter((item) => item.action === 'add').length;
  if (toAdd > MAX_IMPORT_FEEDS) throw invalidInput(`The OPML file lists ${toAdd} feeds to add; at most ${MAX_IMPORT_FEEDS} are imported at once.`, 'Split the file.');
  const items: ImportResult['items'] = [];
  for (const item of plan) {
    if (item.action !== 'add' || item.location === null || dryRun) {
      items.push({ ...item, ids: [] });
      continue;
    }
    // A title that is only the URL, its host or its file name is no name: the feed's own title is adopted instead.
    const title = item.entry.title.trim().slice(0, MAX_NAME_LENGTH);
    const name = title === '' || title === item.location || title === fallbackSourceName(item.location) ? undefined : title;
    try {
      const added = await addSource(deps, actor, { location: item.location, ...(name === undefined ? {} : { name }) });
      items.push({ ...item, ids: added.subscriptions.map((s) => s.id) });
    } catch (error) {
      if (!(error instanceof DigestError)) throw error;
      items.push({ ...item, action: error.code === 'already-exists' ? 'skip' : 'refuse', reason: error.message, ids: [] });
    }
  }
  return { items, problems: document.problems };
}

/**
 * Imports the OPML file at a URL an admin typed in chat: the one location policy decides (http(s) only from chat),
 * the safe fetcher reads it (no private addresses, bounded size and time), then it is imported like a file.
 */
export async function importOpmlFromUrl(deps: BotDeps, actor: Actor, url: string): Promise<ImportResult> {
  const check = checkFeedLocation(url, { typedBy: typedBy(actor), cwd: deps.cwd });
  if (!check.ok) throw invalidInput(`The OPML address ${check.problem}.`, check.hint);
  if (check.local) throw invalidInput("Import an OPML file on the bot's disk with the CLI: digest sources import <file.opml>.");
  return importOpml(deps, actor, await deps.fetchDocument(check.location));
}
