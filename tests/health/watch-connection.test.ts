import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { watchConnection } from '../../src/health/watch-connection.ts';
import { createLogger } from '../../src/log/logger.ts';

describe('watchConnection', () => {
  it('logs one line when a connected platform drops and one when it is back, however many times it is read', () => {
    const stream = new PassThrough();
    const lines: { level: number; msg: string }[] = [];
    stream.on('data', (chunk: Buffer) => {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
    });
    let tick: () => void = () => {};
    let stopped = false;
    let clock = 0;
    let state = { ok: true, detail: 'socket mode connected' };
    const stop = watchConnection({ label: 'Slack', read: () => state, logger: createLogger({ destination: stream, pretty: false }), now: () => clock, every: (_ms, fn) => {
      tick = fn;
      return () => {
        stopped = true;
      };
    } });
    tick();
    state = { ok: false, detail: 'socket mode reconnecting' };
    for (let i = 0; i < 10; i++) {
      clock += 5_000;
      tick();
    }
    state = { ok: true, detail: 'socket mode connected' };
    clock += 5_000;
    tick();
    tick();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'Slack connection lost (socket mode reconnecting); its client is reconnecting, /healthz answers 503 until it is back'],
      [30, 'Slack connection is back after 50 s (socket mode connected)'],
    ]);
    stop();
    expect(stopped).toBe(true);
  });
});
