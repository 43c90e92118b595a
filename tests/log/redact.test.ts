import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { redactSecrets, serialiseError } from '../../src/log/redact.ts';

describe('redactSecrets', () => {
  it.each([
    ['https://discord.com/api/v10/interactions/1400000000000000001/aW50ZXJhY3Rpb246MTQwMDow.xyz_-/callback?with_response=false', 'https://discord.com/api/v10/interactions/1400000000000000001/[redacted]/callback?with_response=false'],
    ['PATCH /api/v10/webhooks/900000000000000001/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original', 'PATCH /api/v10/webhooks/900000000000000001/[redacted]/messages/@original'],
    ['https://discord.com/api/webhooks/123456789012345678/AbC-dEf_123', 'https://discord.com/api/webhooks/123456789012345678/[redacted]'],
    ['posting to https://hooks.slack.com/commands/T0001/1234/abcdEFGH failed', 'posting to https://hooks.slack.com/[redacted] failed'],
    ['webhook https://hooks.slack.com/services/T0/B0/XXXX', 'webhook https://hooks.slack.com/[redacted]'],
    ['token xoxb-1234-5678-abcdefABCDEF rejected', 'token xox…[redacted] rejected'],
    ['app xapp-1-A0-123-abcdef', 'app xapp-[redacted]'],
    ['Authorization: Bot MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123', 'Authorization: Bot [redacted]'],
    ['Bearer sk-live-0123456789abcdef', 'Bearer [redacted]'],
  ])('masks %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'posted piece 3 to channel 700000000000000001 (https://example.org/post/12345?x=1)';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('serialiseError', () => {
  it('keeps what failed and drops request bodies, headers and raw payloads, also in the cause', () => {
    const platform = Object.assign(new Error('Invalid Form Body'), {
      code: 50035,
      status: 400,
      method: 'POST',
      url: 'https://discord.com/api/v10/interactions/1/secret-token/callback',
      requestBody: { json: { data: { content: 'the reply' } } },
      rawError: { message: 'Invalid Form Body', errors: { content: 'the reply' } },
    });
    const slack = Object.assign(new Error('An API error occurred: not_in_channel'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_in_channel', response_metadata: { scopes: ['x'] } },
      headers: { authorization: 'Bearer xoxb-zzz' },
      body: { text: 'the reply' },
    });
    const wrapped = new Error('could not post', { cause: platform });
    const out = JSON.stringify([serialiseError(wrapped), serialiseError(slack)]);
    expect(out).not.toContain('secret-token');
    expect(out).not.toContain('the reply');
    expect(out).not.toContain('xoxb-zzz');
    expect(serialiseError(wrapped)).toMatchObject({ type: 'Error', message: 'could not post', cause: { code: 50035, status: 400, method: 'POST', url: 'https://discord.com/api/v10/interactions/1/[redacted]/callback' } });
    expect(serialiseError(slack)).toMatchObject({ code: 'slack_webapi_platform_error', platformError: 'not_in_channel' });
  });

  it('is what the logger uses for err, and every line is masked by pattern too', () => {
    let out = '';
    const destination = new Writable({ write(chunk: Buffer, _e, done) {
      out += chunk.toString();
      done();
    } });
    const logger = createLogger({ destination });
    logger.warn({ err: Object.assign(new Error('boom'), { requestBody: { json: { content: 'private answer' } } }), where: '/webhooks/1/tok-en/messages/@original' }, 'failed at /interactions/2/abc/callback');
    expect(out).not.toContain('private answer');
    expect(out).not.toContain('tok-en');
    expect(out).not.toContain('/abc/');
    expect(JSON.parse(out)).toMatchObject({ err: { type: 'Error', message: 'boom' } });
  });
});
