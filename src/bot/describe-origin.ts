import type { ValueSource } from './config/provenance.ts';

/** "default", "chat", or "digest.config.yaml: channels[0].cron": how `settings show`, `schedule show` and `sources list` say where a value comes from. */
export function describeOrigin(source: ValueSource, fileLabel: string): string {
  if (source.origin === 'file') return source.key === undefined ? fileLabel : `${fileLabel}: ${source.key}`;
  return source.origin;
}
