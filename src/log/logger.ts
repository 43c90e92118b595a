import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { redactSecrets, serialiseError } from './redact.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Secret values (tokens, keys) to mask wherever they appear in a log line. */
  secrets?: readonly (string | undefined)[];
  /** Human-readable output; defaults to whether the destination is a TTY. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Keys whose values never reach a log, whatever object they sit in. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'signingSecret',
  '*.signingSecret',
  'appToken',
  '*.appToken',
  'password',
  '*.password',
  'databaseUrl',
  '*.databaseUrl',
  'headers',
  '*.headers',
  'requestBody',
  '*.requestBody',
  'body',
  'response_url',
  '*.response_url',
  'responseUrl',
  '*.responseUrl',
  'webhookUrl',
  '*.webhookUrl',
];

/**
 * JSON lines when not a TTY, readable when it is. Secrets are masked three ways: by key (redact paths),
 * by serialising errors without their request bodies and headers (serialiseError), and by value on every
 * written line — the configured secrets, plus anything secret-shaped (interaction and webhook tokens in
 * URLs, response_urls, Slack and Discord tokens), because a token can hide inside an error message or a URL.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const masked = maskingStream(destination, secrets);
  const usePretty = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  const stream = usePretty ? loadPretty()({ destination: masked, colorize: Boolean((destination as { isTTY?: boolean }).isTTY), sync: true, ignore: 'pid,hostname' }) : masked;
  return pino({
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serialiseError, error: serialiseError },
  }, stream);
}

/** pino-pretty only where a person reads the log (a terminal): a service or a pipe writes JSON lines without it. */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

function maskingStream(target: NodeJS.WritableStream, secrets: string[]): Writable {
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      let line = chunk.toString();
      for (const secret of sorted) line = line.split(secret).join('[redacted]');
      line = redactSecrets(line);
      target.write(line);
      callback();
    },
  });
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
