import { describe, expect, it } from 'vitest';
import { createIngestHealth } from '../../src/health/ingest-health.ts';
import { createLlmHealth } from '../../src/health/llm-health.ts';
import { schedulerStatus } from '../../src/health/scheduler-health.ts';
import { createStatusRegistry } from '../../src/health/status-registry.ts';

describe('status registry', () => {
  it('is ready when every critical component is ok; a non-critical failure degrades without making it unready', async () => {
    const registry = createStatusRegistry();
    registry.set('slack', { ok: true, detail: 'connected' });
    registry.probe('store', async () => ({ ok: true, detail: 'sqlite' }));
    registry.probe('llm', () => ({ ok: false, critical: false, detail: 'the last call failed' }));
    expect(await registry.report()).toEqual({
      status: 'degraded',
      ready: true,
      checks: { slack: { ok: true, detail: 'connected' }, store: { ok: true, detail: 'sqlite' }, llm: { ok: false, critical: false, detail: 'the last call failed' } },
    });
    registry.set('slack', { ok: false, detail: 'Slack is unreachable', kind: 'unreachable' });
    expect(await registry.report()).toMatchObject({ status: 'degraded', ready: false, checks: { slack: { ok: false, kind: 'unreachable' } } });
    registry.remove('llm');
    registry.set('slack', { ok: true, detail: 'connected' });
    expect(await registry.report()).toMatchObject({ status: 'ok', ready: true });
    registry.markStopping();
    expect(await registry.report()).toMatchObject({ status: 'stopping', ready: false });
  });

  it('counts a probe that throws or hangs as failing', async () => {
    const registry = createStatusRegistry();
    registry.probe('store', () => {
      throw new Error('database is locked');
    });
    registry.probe('hangs', () => new Promise(() => undefined));
    expect(await registry.report(20)).toEqual({
      status: 'degraded',
      ready: false,
      checks: { store: { ok: false, detail: 'database is locked' }, hangs: { ok: false, detail: 'no answer within 20 ms' } },
    });
  });
});

describe('ingest health', () => {
  it('reports the last cycle’s age and failing sources, and is unready only when cycles stall', () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const ingest = createIngestHealth({ intervalMs: 30 * 60_000, now: () => now });
    expect(ingest.status()).toEqual({ ok: true, detail: 'first cycle running' });
    now = new Date('2026-12-01T10:01:00Z');
    expect(ingest.status()).toMatchObject({ ok: false, detail: 'no ingest cycle has finished in 61 min since start-up' });
    ingest.recordCycle([{ outcome: 'new' }, { outcome: 'failed' }, { outcome: 'not-modified' }]);
    now = new Date('2026-12-01T10:02:00Z');
    expect(ingest.status()).toEqual({ ok: false, critical: false, detail: '1 of 3 sources failing (see digest ingest)', lastCycleAt: '2026-12-01T10:01:00.000Z', ageSeconds: 60, sources: 3, failingSources: 1 });
    ingest.recordCycle([{ outcome: 'new' }]);
    expect(ingest.status()).toMatchObject({ ok: true, detail: '1 sources read 0 s ago', failingSources: 0 });
    now = new Date('2026-12-01T11:03:00Z');
    expect(ingest.status()).toMatchObject({ ok: false, detail: 'the last ingest cycle ended 61 min ago (every 30 min expected)' });
    expect(ingest.status().critical).toBeUndefined();
  });
});

describe('LLM health', () => {
  it('reports the last success and a failure since, never as critical', () => {
    let now = new Date('2026-12-01T09:00:00Z');
    expect(createLlmHealth({ configured: false, now: () => now }).status()).toEqual({ ok: true, critical: false, detail: 'not configured: summaries are written offline' });
    const llm = createLlmHealth({ configured: true, model: 'gpt-test', now: () => now });
    expect(llm.status()).toEqual({ ok: true, critical: false, detail: 'no call yet', model: 'gpt-test', lastSuccessAt: null });
    llm.recordSuccess();
    now = new Date('2026-12-01T09:05:00Z');
    expect(llm.status()).toEqual({ ok: true, critical: false, detail: 'last success 300 s ago', model: 'gpt-test', lastSuccessAt: '2026-12-01T09:00:00.000Z' });
    llm.recordFailure('HTTP 500');
    expect(llm.status()).toMatchObject({ ok: false, critical: false, detail: 'the last call failed: HTTP 500', lastFailureAt: '2026-12-01T09:05:00.000Z' });
  });
});

describe('scheduler health', () => {
  it('names the next slot over every channel', () => {
    const now = new Date('2026-12-01T09:00:00Z');
    expect(schedulerStatus([], now)).toEqual({ ok: true, critical: false, detail: 'no scheduled channels', channels: 0, nextSlot: null });
    expect(schedulerStatus([{ channelId: 'b', at: new Date('2026-12-01T10:00:00Z') }, { channelId: 'a', at: new Date('2026-12-01T09:30:00Z') }, { channelId: 'c', at: undefined }], now))
      .toEqual({ ok: true, critical: false, detail: 'next slot in 30 min (channel a)', channels: 3, nextSlot: '2026-12-01T09:30:00.000Z' });
  });
});
