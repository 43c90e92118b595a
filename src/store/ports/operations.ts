import type { Channel } from '../../domain/channel.ts';
import type { LlmUsage } from '../../domain/summary.ts';
import type { WorkspaceKey, WorkspaceSettings } from '../../domain/workspace.ts';

/** Identifies one alert's state machine: one per workspace, kind of alert and subject (a source, a channel, …). */
export interface AlertStateKey {
  workspace: WorkspaceKey;
  family: string;
  subject: string;
}

/** Where one alert's state machine stands: the state last observed and the one admins were last told about. */
export interface AlertStateRecord {
  key: AlertStateKey;
  /** The state last observed ('ok' when healthy). */
  state: string;
  /** Facts of the last observation, for the message (JSON object). */
  detail: Record<string, unknown>;
  changedAt: Date;
  /** The state admins were last told about ('ok' before any alert). */
  announced: string;
  announcedAt: Date | null;
}

export interface AlertStateStore {
  getAlertState(key: AlertStateKey): Promise<AlertStateRecord | undefined>;
  /** Records an observation; `changedAt` moves only when the state differs from the stored one. Returns the row. */
  observeAlertState(key: AlertStateKey, state: string, detail: Record<string, unknown>, at: Date): Promise<AlertStateRecord>;
  /**
   * Marks `to` as announced when the announced state is still `from`: true for exactly one caller, so instances
   * sharing a database never post the same change twice.
   */
  claimAnnouncement(key: AlertStateKey, from: string, to: string, at: Date): Promise<boolean>;
  /** Rows whose observed state differs from the announced one (changes held back by flap damping). */
  listUnannounced(): Promise<AlertStateRecord[]>;
}

export interface WorkspaceSettingsStore {
  /** The stored settings, or the defaults for a workspace never configured. */
  getWorkspaceSettings(workspace: WorkspaceKey): Promise<WorkspaceSettings>;
  updateWorkspaceSettings(workspace: WorkspaceKey, patch: Partial<WorkspaceSettings>, at: Date): Promise<WorkspaceSettings>;
}

/** LLM calls and tokens of one purpose over a period. */
export interface PurposeUsage {
  purpose: LlmUsage['purpose'];
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface UsageLedger {
  /** Usage recorded for a workspace since a time, one row per purpose that has any. */
  usageByPurpose(workspace: WorkspaceKey, since: Date): Promise<PurposeUsage[]>;
}

/** What an `/digest ask` answer is cached under. */
export interface AskAnswerKey {
  contentHash: string;
  /** The question as normaliseQuestion made it. */
  question: string;
  language: string;
  model: string;
  promptVersion: string;
}

export interface AskAnswerCache {
  getAskAnswer(key: AskAnswerKey): Promise<unknown>;
  /** Insert-or-ignore: the first answer for a key wins. */
  putAskAnswer(key: AskAnswerKey, answer: unknown, at: Date): Promise<void>;
}

/** Who reads a source: where an alert about it goes. */
export interface SubscriberLookup {
  channelsReadingSource(sourceId: string): Promise<Channel[]>;
  /** Every channel of one platform workspace. */
  channelsOfWorkspace(platform: Channel['ref']['platform'], workspaceId: string): Promise<Channel[]>;
}

/** One item a source carried: when the bot first saw it there, and when it says it was published. */
export interface SourceItemSighting {
  firstSeenAt: Date;
  /** Null when the feed gave no usable date. */
  publishedAt: Date | null;
}

export interface SourceActivityReader {
  /** The source's newest item sightings (its own items and crossposts folded into other pieces), newest first. */
  recentSightings(sourceId: string, limit: number): Promise<SourceItemSighting[]>;
}

/** The small ports behind running the bot for months: alert states, workspace settings, usage per workspace, ask answers, and the readers alerts need. */
export interface OperationsStores {
  alertStates: AlertStateStore;
  workspaces: WorkspaceSettingsStore;
  usage: UsageLedger;
  askAnswers: AskAnswerCache;
  subscribers: SubscriberLookup;
  sourceActivity: SourceActivityReader;
}
