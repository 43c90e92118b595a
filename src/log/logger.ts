import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  'token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', '*.headers.authorization',
  'signingSecret', '*.signingSecret', 'appToken', '*.appToken', 'password', '*.password', 'databaseUrl', '*.databaseUrl',
];

/**
 * JSON lines when not a TTY, readable when it is. Secrets are masked twice: by key (redact paths)
 * and by value, because a token can hide inside an error message or a URL.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const masked = secrets.length === 0 ? destination : maskingStream(destination, secrets);
  const usePretty = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  const stream = usePretty ? pretty({ destination: masked, colorize: Boolean((destination as { isTTY?: boolean }).isTTY), sync: true, ignore: 'pid,hostname' }) : masked;
  return pino({ level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
}

function maskingStream(target: NodeJS.WritableStream, secrets: string[]): Writable {
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      let line = chunk.toString();
      for (const secret of sorted) line = line.split(secret).join('[redacted]');
      target.write(line);
      callback();
    },
  });
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
