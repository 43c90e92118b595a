/**
 * The words of a digest's chrome (everything around the summaries) in one language.
 *
 * Stable API: other modules (renderers, the web archive, commands) depend on these names. Add
 * members freely; never rename or remove one. Every catalogue implements all of them, so a
 * renderer never has to fall back string by string.
 */

/** Why a piece was picked, as evidence a reader can check. Renderers join the parts on one line. */
export type ReasonEvidence =
  /** Interests that matched, in the channel's order. */
  | { kind: 'interests'; matched: readonly string[] }
  /** The LLM's relevance rating, 0–10. */
  | { kind: 'rated'; rating: number }
  /** The full text was available; its reading time in minutes. */
  | { kind: 'fullText'; minutes: number }
  /** Only the feed's excerpt was available. */
  | { kind: 'excerpt' }
  /** Published this many hours before the edition was built. */
  | { kind: 'published'; ageHours: number }
  /** The feed gave no date (the fetch time stands in). */
  | { kind: 'undated' }
  /** The admin weights this source above neutral. */
  | { kind: 'trustedSource' }
  /** Other sources carried the same story (crossposts merged by dedupe). */
  | { kind: 'alsoCarriedBy'; sources: readonly string[] }
  /** The text reports concrete results (numbers, comparisons). */
  | { kind: 'findings' }
  /** Close to a piece of a recent digest. */
  | { kind: 'closeToRecent' };

/** Why an edition was summarised offline on purpose, for its notice. `budget`: the workspace's monthly LLM token budget is used up until `resetsAt` (ISO instant). */
export type OfflineReason = { kind: 'budget'; limit: number; resetsAt: string };

/** What `/digest passed` says about a piece that was left out. */
export type PassedReason =
  /** The score did not clear the channel's quality floor. */
  | { kind: 'belowFloor' }
  /** Same story as the edition's piece at this position. */
  | { kind: 'sameStoryAs'; position: number }
  /** Its source already had `cap` picks. */
  | { kind: 'sourceCap'; cap: number }
  /** Cleared the floor but the edition was full. */
  | { kind: 'noRoom' }
  /** The channel's exclude filter number `filter` (as an admin would type it: `exclude crypto`) matched this field. */
  | { kind: 'filtered'; filter: number; rule: string; field: 'title' | 'author' | 'text' }
  /** The channel has include filters and the piece matched none of them. */
  | { kind: 'notIncluded'; filters: number[] };

export interface Messages {
  /** The catalogue's own language tag (`en`, `de`, `fr`, `es`, `ja`, `zh`): for `<html lang>` and Intl. */
  readonly language: string;

  // Section headings of a piece.
  readonly whyItMatters: string;
  readonly whatToBuild: string;
  readonly keyTakeaways: string;

  /** The edition date, e.g. `30 March 2026`, `30 mars 2026`, `2026年3月30日`, in `timeZone` (IANA). */
  date(date: Date, timeZone: string): string;
  /** `AI Research Digest — 30 March 2026` from the digest name and `date(…)`'s text. */
  title(name: string, dateText: string): string;
  /** `30 March 2026 · 9 min read · AI Research · Digest`; `topic` defaults to `defaultTopic`. */
  metaLine(dateText: string, readMinutes: number, topic?: string): string;
  /** The topic shown in the meta line when none is configured (`AI Research`). */
  readonly defaultTopic: string;
  /** The digest's name when none is configured (`AI Research Digest`). */
  readonly defaultDigestName: string;
  /** `4 pieces selected from A, B — only the ones worth your time.`; `sources` already distinct and in order. */
  headerLine(pieceCount: number, sources: readonly string[]): string;
  /** `9 min read` (the edition's or, on a piece, its source's). */
  minRead(minutes: number): string;

  /** Edition-level notice when any piece was summarised without an LLM. */
  readonly offlineNotice: string;
  /** The notice when the whole edition was summarised offline on purpose, saying why. */
  offlineBecause(reason: OfflineReason): string;
  /** Short per-piece label for the same (`summarised offline`). */
  readonly summarisedOffline: string;
  /** Said in a piece that shows fewer than three takeaways because fewer were genuinely there. */
  fewerTakeaways(shown: number): string;
  /** The notice posted when no piece cleared the quality floor. */
  readonly nothingWorthYourTime: string;
  /** A second line for that notice: how many new pieces were looked at. */
  nothingWorthDetail(checked: number): string;
  /** `also on LessWrong, arXiv` for crossposts. */
  alsoOn(sources: readonly string[]): string;
  /** The reason line: evidence joined with ` · `. */
  reason(evidence: readonly ReasonEvidence[]): string;
  /** One passed-over piece's reason in `/digest passed`. */
  passedReason(reason: PassedReason): string;
  /** Heading of `/digest passed`: `Left out of AI Research Digest — 30 March 2026`. */
  passedHeading(title: string): string;
  /** Said by `/digest passed` when the edition left nothing out. */
  readonly nothingPassed: string;
  /** Link text to the original article. */
  readonly readOriginal: string;
  /** Field labels where a platform shows the source and the link as labelled fields. */
  readonly sourceLabel: string;
  readonly linkLabel: string;
  /** Marks a section or message that continues the previous one: `Why it matters (continued)`. */
  continued(label: string): string;

  // Web edition chrome.
  readonly backToDigests: string;
  readonly autoGenerated: string;
  readonly allDigests: string;
  readonly signOff: string;
  readonly digests: string;
  readonly search: string;
  /** Placeholder of the search box. */
  readonly searchPlaceholder: string;
  /** `3 results for “reward hacking”`. */
  searchResults(count: number, query: string): string;
  /** `No digests match “reward hacking”.` */
  noResults(query: string): string;
  /** `Page 2`. */
  page(n: number): string;
  /** Pagination links. */
  readonly newer: string;
  readonly older: string;
}
