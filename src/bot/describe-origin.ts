import type { ValueSource } from './config/provenance.ts';

/**
 * "default", "chat", or "file: channels[0].cron": how `settings show`, `schedule show` and `sources list` say where
 * a value comes from (the answer names the file once).
 */
export function describeOrigin(source: ValueSource): string {
  if (source.origin === 'file') return source.key === undefined ? 'file' : `file: ${source.key}`;
  return source.origin;
}
