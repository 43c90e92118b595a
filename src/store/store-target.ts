import { fileURLToPath } from 'node:url';

/** Which backend a configuration asks for. */
export type StoreTarget = { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };

/**
 * postgres:// or postgresql:// → PostgreSQL; `sqlite:PATH`, `file:PATH` (or a file: URL) or a
 * bare path → that SQLite file; no URL → the configured SQLite path.
 */
export function resolveStoreTarget(options: { databaseUrl?: string; sqlitePath: string }): StoreTarget {
  const url = options.databaseUrl?.trim();
  if (!url) return { kind: 'sqlite', path: options.sqlitePath };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (/^file:\/\//i.test(url)) return { kind: 'sqlite', path: fileURLToPath(url) };
  const prefixed = /^(sqlite|file):(.*)$/i.exec(url);
  if (prefixed) return { kind: 'sqlite', path: prefixed[2] || options.sqlitePath };
  return { kind: 'sqlite', path: url };
}
