import type { Selectable } from 'kysely';
import type { LlmUsage } from '../../domain/summary.ts';
import { DEFAULT_WORKSPACE_SETTINGS, type AlertMention, type WorkspaceKey, type WorkspaceSettings } from '../../domain/workspace.ts';
import type { AlertStatesTable } from '../db-schema.ts';
import type {
  AlertStateKey,
  AlertStateRecord,
  OperationsStores,
} from '../ports/operations.ts';
import { readBool, readCount, readDate, readDateOrNull, readJson, toChannel } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

export function operationsQueries({ db, codec }: QueryContext): OperationsStores {
  const keyed = (key: AlertStateKey) =>
    db.selectFrom('alert_states').selectAll()
      .where('workspace', '=', key.workspace).where('family', '=', key.family).where('subject', '=', key.subject);

  const getWorkspaceSettings = async (workspace: WorkspaceKey): Promise<WorkspaceSettings> => {
    const row = await db.selectFrom('workspace_settings').selectAll().where('workspace', '=', workspace).executeTakeFirst();
    if (row === undefined) return { ...DEFAULT_WORKSPACE_SETTINGS };
    return {
      alertChannelId: row.alert_channel_id,
      alertMention: row.alert_mention === null ? null : readJson<AlertMention>(row.alert_mention),
      monthlyTokenBudget: row.monthly_token_budget === null ? null : readCount(row.monthly_token_budget),
    };
  };

  return {
    alertStates: {
      async getAlertState(key) {
        const row = await keyed(key).executeTakeFirst();
        return row === undefined ? undefined : toAlertState(row);
      },
      async observeAlertState(key, state, detail, at) {
        // One statement, so two instances observing at once agree on when the state changed.
        await db.insertInto('alert_states').values({
          workspace: key.workspace,
          family: key.family,
          subject: key.subject,
          state,
          detail: codec.json(detail),
          changed_at: codec.date(at),
          announced: 'ok',
          announced_at: null,
        }).onConflict((oc) =>
          oc.columns(['workspace', 'family', 'subject']).doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            detail: eb.ref('excluded.detail'),
            changed_at: eb.case().when('alert_states.state', '=', eb.ref('excluded.state')).then(eb.ref('alert_states.changed_at')).else(eb.ref('excluded.changed_at')).end(),
          }))
        ).execute();
        const row = await keyed(key).executeTakeFirstOrThrow();
        return toAlertState(row);
      },
      async claimAnnouncement(key, from, to, at) {
        const result = await db.updateTable('alert_states').set({ announced: to, announced_at: codec.date(at) })
          .where('workspace', '=', key.workspace).where('family', '=', key.family).where('subject', '=', key.subject)
          .where('announced', '=', from).executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      },
      async listUnannounced() {
        const rows = await db.selectFrom('alert_states').selectAll().whereRef('state', '<>', 'announced')
          .orderBy('changed_at').orderBy('workspace').orderBy('family').orderBy('subject').execute();
        return rows.map(toAlertState);
      },
    },

    workspaces: {
      getWorkspaceSettings,
      async updateWorkspaceSettings(workspace, patch, at) {
        const next = { ...(await getWorkspaceSettings(workspace)), ...patch };
        const row = {
          alert_channel_id: next.alertChannelId,
          alert_mention: next.alertMention === null ? null : codec.json(next.alertMention),
          monthly_token_budget: next.monthlyTokenBudget,
          updated_at: codec.date(at),
        };
        await db.insertInto('workspace_settings').values({ workspace, ...row })
          .onConflict((oc) => oc.column('workspace').doUpdateSet(row)).execute();
        return getWorkspaceSettings(workspace);
      },
    },

    usage: {
      async usageByPurpose(workspace, since) {
        const rows = await db.selectFrom('llm_usage')
          .select((eb) => ['purpose', eb.fn.countAll().as('calls'), eb.fn.sum('prompt_tokens').as('prompt_tokens'), eb.fn.sum('completion_tokens').as('completion_tokens')])
          .where('workspace', '=', workspace).where('at', '>=', codec.date(since))
          .groupBy('purpose').orderBy('purpose').execute();
        return rows.map((row) => ({
          purpose: row.purpose as LlmUsage['purpose'],
          calls: readCount(row.calls),
          promptTokens: readCount(row.prompt_tokens),
          completionTokens: readCount(row.completion_tokens),
        }));
      },
    },

    subscribers: {
      async channelsReadingSource(sourceId) {
        const rows = await db.selectFrom('channels').innerJoin('subscriptions', 'subscriptions.channel_id', 'channels.id')
          .selectAll('channels').where('subscriptions.source_id', '=', sourceId).orderBy('channels.created_at').orderBy('channels.id').execute();
        return rows.map(toChannel);
      },
      async channelsOfWorkspace(platform, workspaceId) {
        const rows = await db.selectFrom('channels').selectAll().where('platform', '=', platform).where('workspace_id', '=', workspaceId)
          .orderBy('created_at').orderBy('id').execute();
        return rows.map(toChannel);
      },
    },

    sourceActivity: {
      async recentSightings(sourceId, limit) {
        const rows = await db.selectFrom('piece_occurrences').innerJoin('pieces', 'pieces.id', 'piece_occurrences.piece_id')
          .select(['piece_occurrences.first_seen_at', 'pieces.published_at', 'pieces.published_at_estimated'])
          .where('piece_occurrences.source_id', '=', sourceId)
          .orderBy('piece_occurrences.first_seen_at', 'desc').orderBy('pieces.published_at', 'desc').limit(limit).execute();
        return rows.map((row) => ({ firstSeenAt: readDate(row.first_seen_at), publishedAt: readBool(row.published_at_estimated) ? null : readDate(row.published_at) }));
      },
    },

    askAnswers: {
      async getAskAnswer(key) {
        const row = await db.selectFrom('ask_answers').select('answer')
          .where('content_hash', '=', key.contentHash).where('question', '=', key.question).where('language', '=', key.language)
          .where('model', '=', key.model).where('prompt_version', '=', key.promptVersion).executeTakeFirst();
        return row === undefined ? undefined : readJson<unknown>(row.answer);
      },
      async putAskAnswer(key, answer, at) {
        await db.insertInto('ask_answers').values({
          content_hash: key.contentHash,
          question: key.question,
          language: key.language,
          model: key.model,
          prompt_version: key.promptVersion,
          answer: codec.json(answer),
          created_at: codec.date(at),
        }).onConflict((oc) => oc.columns(['content_hash', 'question', 'language', 'model', 'prompt_version']).doNothing()).execute();
      },
    },
  };
}

function toAlertState(row: Selectable<AlertStatesTable>): AlertStateRecord {
  return {
    key: { workspace: row.workspace as WorkspaceKey, family: row.family, subject: row.subject },
    state: row.state,
    detail: readJson<Record<string, unknown>>(row.detail),
    changedAt: readDate(row.changed_at),
    announced: row.announced,
    announcedAt: readDateOrNull(row.announced_at),
  };
}
