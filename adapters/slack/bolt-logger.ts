import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log/logger.ts';

/** Bolt's logger interface over the app's pino logger, so Bolt's lines carry the same masking and fields. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (parts: unknown[]): string => withoutPayload(parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' '));
  return {
    debug: (...parts) => logger.debug({ source: 'bolt' }, text(parts)),
    info: (...parts) => logger.info({ source: 'bolt' }, text(parts)),
    warn: (...parts) => logger.warn({ source: 'bolt' }, text(parts)),
    error: (...parts) => logger.error({ source: 'bolt' }, text(parts)),
    // The pino logger's own level decides what is written; Bolt only asks.
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The WebClient logs every request's body and headers at debug level ("http request body: {…}"): message
 * text, blocks and response_urls. The line stays, so the call is still traceable; the payload does not.
 */
function withoutPayload(line: string): string {
  return line.replace(/^(http request (?:body|headers|result)):[\s\S]*$/, '$1: [redacted]');
}
