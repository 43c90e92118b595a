import { isWellFormed } from '../../src/text/well-formed.ts';
import type { FakeEmbed } from './discord-api.ts';

// Discord's REST limits and error shapes, as the fake Discord (discord-api.ts) enforces them.

/**
 * Discord's message limits (discord-api-docs resources/message.mdx "Embed Limits"), counted after trimming leading
 * and trailing whitespace as Discord does. Embed `url` has no documented limit; 2048 is the one Discord enforces in
 * practice (proposed for the docs in discord/discord-api-docs#6531), and only http(s) is accepted there.
 */
export const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, threadName: 100, nonce: 25, url: 2048 };

export class HttpFailure extends Error {
  readonly status: number;
  readonly payload: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(payload['message'] ?? status));
    this.status = status;
    this.payload = payload;
    this.headers = headers;
  }
}

export function bucketOf(method: string, path: string): string {
  return `${method}:${path.replace(/\d{5,}/g, ':id')}`.replace(/[^a-zA-Z0-9:]/g, '_');
}

export function rateLimitHeaders(method: string, path: string): Record<string, string> {
  return {
    'X-RateLimit-Limit': '50',
    'X-RateLimit-Remaining': '49',
    'X-RateLimit-Reset': String(Date.now() / 1000 + 1),
    'X-RateLimit-Reset-After': '1',
    'X-RateLimit-Bucket': bucketOf(method, path),
  };
}

export function invalidForm(field: string, message: string): HttpFailure {
  return new HttpFailure(400, { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message }] } } });
}

export function validateCallback(body: unknown): void {
  const b = (body ?? {}) as { type?: number; data?: unknown };
  if (typeof b.type !== 'number') throw invalidForm('type', 'This field is required');
  if (b.type === 4 || b.type === 7) validateMessage(b.data);
}

/**
 * Discord's message limits; the first violation answers 400 Invalid Form Body (50035). Text is measured after
 * trimming, so a field of spaces is an empty (missing) field; text that is not valid Unicode (a lone surrogate
 * cannot be encoded as UTF-8) is refused too.
 */
export function validateMessage(body: unknown): void {
  const b = (body ?? {}) as { content?: unknown; embeds?: FakeEmbed[] };
  const content = typeof b.content === 'string' ? b.content : '';
  const embeds = Array.isArray(b.embeds) ? b.embeds : [];
  if (!isWellFormed(content)) throw invalidForm('content', 'Invalid unicode.');
  if (content.trim().length > LIMITS.content) throw invalidForm('content', `Must be ${LIMITS.content} or fewer in length.`);
  if (embeds.length > LIMITS.embeds) throw invalidForm('embeds', `Must be ${LIMITS.embeds} or fewer in length.`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const check = (field: string, value: string | undefined, limit: number, required = false): void => {
      if (value === undefined) return;
      if (typeof value !== 'string') throw invalidForm(`embeds.${i}.${field}`, 'Could not interpret the value as string.');
      if (!isWellFormed(value)) throw invalidForm(`embeds.${i}.${field}`, 'Invalid unicode.');
      const trimmed = value.trim();
      if (required && trimmed.length < 1) throw invalidForm(`embeds.${i}.${field}`, 'This field is required');
      if (trimmed.length > limit) throw invalidForm(`embeds.${i}.${field}`, `Must be ${limit} or fewer in length.`);
      total += trimmed.length;
    };
    check('title', embed.title, LIMITS.title);
    check('description', embed.description, LIMITS.description);
    if (embed.footer !== undefined) check('footer.text', embed.footer.text, LIMITS.footer, true);
    if (embed.author !== undefined) check('author.name', embed.author.name, LIMITS.author, true);
    if (embed.url !== undefined) {
      if (embed.url.length > LIMITS.url) throw invalidForm(`embeds.${i}.url`, `Must be ${LIMITS.url} or fewer in length.`);
      let scheme: string | undefined;
      try {
        scheme = new URL(embed.url).protocol;
      } catch {
        throw invalidForm(`embeds.${i}.url`, 'Not a well formed URL.');
      }
      if (scheme !== 'http:' && scheme !== 'https:') throw invalidForm(`embeds.${i}.url`, `Scheme "${scheme.replace(':', '')}" is not supported. Scheme must be one of ('http', 'https').`);
    }
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) throw invalidForm(`embeds.${i}.fields`, `Must be ${LIMITS.fields} or fewer in length.`);
    fields.forEach((f, j) => {
      check(`fields.${j}.name`, f.name, LIMITS.fieldName, true);
      check(`fields.${j}.value`, f.value, LIMITS.fieldValue, true);
    });
  });
  if (total > LIMITS.total) throw invalidForm('embeds', `Embed size exceeds maximum size of ${LIMITS.total}`);
  const hasComponents = typeof body === 'object' && body !== null && 'components' in body;
  if (content.trim().length === 0 && embeds.length === 0 && !hasComponents) {
    throw new HttpFailure(400, { message: 'Cannot send an empty message', code: 50006 });
  }
}
