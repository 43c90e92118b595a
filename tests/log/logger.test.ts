import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) {
    out += chunk.toString();
    done();
  } });
  return { stream, text: () => out };
}

describe('createLogger', () => {
  it('writes JSON lines when the destination is not a terminal', () => {
    const sink = capture();
    createLogger({ destination: sink.stream }).info({ source: 'The Gradient' }, 'fetched');
    const line = JSON.parse(sink.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'fetched', source: 'The Gradient', level: 30 });
  });

  it('masks secret values wherever they appear: message, nested fields, error text, URLs', () => {
    const sink = capture();
    const token = 'xoxb-1234567890-secret';
    const logger = createLogger({ destination: sink.stream, secrets: [token, 'sk-live-abcdef', undefined] });
    logger.error({ err: new Error(`auth failed for ${token}`), url: 'https://api.example/?key=sk-live-abcdef', nested: { deeper: token } }, `token ${token} rejected`);
    const text = sink.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain('sk-live-abcdef');
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('redacts secret-named keys even when their values are not known secrets', () => {
    const sink = capture();
    createLogger({ destination: sink.stream }).info({ token: 'abc', headers: { authorization: 'Bot xyz' }, client: { apiKey: 'k' } }, 'request');
    const line = JSON.parse(sink.text().trim()) as { token: string; headers: unknown; client: { apiKey: string } };
    expect(line.token).toBe('[redacted]');
    // Request headers are dropped whole: besides authorization they may carry cookies or signatures.
    expect(line.headers).toBe('[redacted]');
    expect(line.client.apiKey).toBe('[redacted]');
  });

  it('is readable (not JSON) when asked to pretty-print', () => {
    const sink = capture();
    createLogger({ destination: sink.stream, pretty: true }).info({ channel: 'c1' }, 'digest posted');
    expect(sink.text()).toMatch(/INFO.*digest posted/);
    expect(() => JSON.parse(sink.text())).toThrow();
  });
});
