import { describe, expect, it } from 'vitest';
import { eventFromBudget, eventsFromDelivery, eventsFromDigest } from '../../src/alerts/runtime-events.ts';
import { sampleDigest } from '../adapters/digest-poster-contract.ts';

const channel = { platform: 'discord' as const, workspaceId: 'g1', channelId: '100' };

describe('runtime observations as alert events', () => {
  it('turns a delivery outcome into delivery and post-permission observations', () => {
    expect(eventsFromDelivery(channel, 'e1', { status: 'delivered', deliveryId: 'd', messages: 4, failedPieces: [] })).toEqual([
      { kind: 'delivery', channel, failed: false, edition: 'e1', error: null, willRetry: false },
      { kind: 'channel-permission', channel, permission: 'post', missing: false, detail: null },
    ]);
    const denied = { status: 'failed' as const, deliveryId: 'd', error: 'Missing Permissions in #digest', permanent: true, reached: { header: false, pieces: [] }, reason: 'permission' as const };
    expect(eventsFromDelivery(channel, 'e1', denied)).toEqual([
      { kind: 'delivery', channel, failed: true, edition: 'e1', error: 'Missing Permissions in #digest', willRetry: false },
      { kind: 'channel-permission', channel, permission: 'post', missing: true, detail: 'Missing Permissions in #digest' },
    ]);
    expect(eventsFromDelivery(channel, 'e1', { ...denied, permanent: false, reason: 'transient' })).toEqual([{ kind: 'delivery', channel, failed: true, edition: 'e1', error: denied.error, willRetry: true }]);
    expect(eventsFromDelivery(channel, 'e1', { status: 'busy', deliveryId: 'd' })).toEqual([]);
  });

  it('says the LLM is unavailable when pieces fell back offline, and nothing for a digest offline on purpose', () => {
    const digest = sampleDigest(3);
    digest.pieces[1]!.summarisedBy = 'offline-fallback';
    expect(eventsFromDigest(channel, digest, true)).toEqual([{ kind: 'llm-unavailable', workspace: 'discord:g1', channel, unavailable: true, reason: 'it failed on 1 of 3 pieces' }]);
    expect(eventsFromDigest(channel, { ...sampleDigest(3) }, true)).toMatchObject([{ unavailable: false, reason: null }]);
    expect(eventsFromDigest(channel, digest, false)).toEqual([]);
    expect(eventsFromDigest(channel, { ...digest, offlineReason: { kind: 'budget', limit: 1, resetsAt: '2026-12-01T00:00:00.000Z' } }, true)).toEqual([]);
  });

  it('turns a budget status into a budget observation', () => {
    const resetsAt = new Date('2026-12-01T00:00:00Z');
    expect(eventFromBudget({ workspace: 'slack:T1', used: 900, limit: 1000, limitSource: 'config', level: 'warning', periodStart: new Date('2026-11-01T00:00:00Z'), resetsAt, byPurpose: [] }))
      .toEqual({ kind: 'llm-budget', workspace: 'slack:T1', level: 'warning', used: 900, limit: 1000, resetsAt });
  });
});
