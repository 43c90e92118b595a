import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backoffDelay, CONNECT_BACKOFF, connectWithRetry, type ConnectStatus } from '../../src/connect/connect-with-retry.ts';
import { PlatformConnectError, type PlatformErrorKind } from '../../src/connect/platform-error.ts';
import { createLogger } from '../../src/log/logger.ts';

function capturedLogger() {
  const stream = new PassThrough();
  const lines: { level: number; msg: string }[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
  });
  return { logger: createLogger({ destination: stream, pretty: false }), lines };
}

const failure = (code: PlatformErrorKind, message = `Slack ${code}`) => new PlatformConnectError({ platform: 'slack', kind: code, reason: code, message, ...(code === 'token_rejected' ? { variable: 'SLACK_BOT_TOKEN' } : {}) });

/** A connect that fails with the given codes in turn, then succeeds. */
function script(codes: PlatformErrorKind[]) {
  let calls = 0;
  return { connect: async () => {
    const code = codes[calls++];
    if (code !== undefined) throw failure(code);
    return 'connected';
  }, calls: () => calls };
}

describe('connectWithRetry', () => {
  it('backs off exponentially from 1 s, capped at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffDelay(CONNECT_BACKOFF, n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('retries an outage, logging one line when it starts, one when the cause changes and one on recovery — not one per attempt', async () => {
    const { logger, lines } = capturedLogger();
    const delays: number[] = [];
    const statuses: ConnectStatus[] = [];
    let clock = 0;
    const attempts = script(['unreachable', 'unreachable', 'unreachable', 'unreachable', 'server_error', 'server_error']);
    const result = await connectWithRetry({
      label: 'Slack',
      logger,
      connect: attempts.connect,
      onStatus: (s) => statuses.push(s),
      now: () => clock,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
    });
    expect(result).toBe('connected');
    expect(attempts.calls()).toBe(7);
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(lines.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^Slack unreachable — retrying with backoff \(1 s doubling to at most 60 s\); \/healthz answers 503 until it connects$/),
      expect.stringMatching(/^Slack server_error — retrying/),
      'Slack is reachable again: connected after 7 attempts (63 s)',
    ]);
    expect(lines.map((l) => l.level)).toEqual([40, 40, 30]);
    expect(statuses[0]).toEqual({ ok: false, detail: 'connecting' });
    expect(statuses[1]).toEqual({ ok: false, kind: 'unreachable', detail: 'Slack unreachable; attempt 1 failed, next in 1 s' });
    expect(statuses.at(-1)).toEqual({ ok: true, detail: 'connected' });
  });

  it('waits at least what a 429 asks for', async () => {
    const delays: number[] = [];
    let first = true;
    await connectWithRetry({
      label: 'Discord',
      logger: capturedLogger().logger,
      sleep: async (ms) => {
        delays.push(ms);
      },
      connect: async () => {
        if (!first) return 'ok';
        first = false;
        throw new PlatformConnectError({ platform: 'discord', kind: 'rate_limited', reason: 'HTTP 429', message: 'rate limited', retryAfterSeconds: 30 });
      },
    });
    expect(delays).toEqual([30_000]);
  });

  it('throws a rejected token at once, without retrying or logging', async () => {
    const { logger, lines } = capturedLogger();
    const attempts = script(['token_rejected']);
    await expect(connectWithRetry({ label: 'Slack', logger, connect: attempts.connect, sleep: async () => {} })).rejects.toMatchObject({ kind: 'token_rejected', variable: 'SLACK_BOT_TOKEN' });
    expect(attempts.calls()).toBe(1);
    expect(lines).toEqual([]);
  });

  it('rethrows an error that is not a platform failure (a bug is not retried)', async () => {
    await expect(connectWithRetry({ label: 'Slack', logger: capturedLogger().logger, connect: async () => {
      throw new TypeError('boom');
    }, sleep: async () => {} })).rejects.toThrow('boom');
  });

  it('stops retrying when the signal aborts', async () => {
    const controller = new AbortController();
    const attempts = script(Array.from({ length: 100 }, () => 'unreachable' as const));
    const reason = new Error('shutting down');
    await expect(connectWithRetry({
      label: 'Slack',
      logger: capturedLogger().logger,
      connect: attempts.connect,
      signal: controller.signal,
      sleep: async () => {
        if (attempts.calls() === 3) controller.abort(reason);
      },
    })).rejects.toBe(reason);
    expect(attempts.calls()).toBe(3);
  });
});
