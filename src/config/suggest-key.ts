import type { z } from 'zod';

type Schema = z.core.$ZodType;

/** The schema under wrappers that do not change an object's keys (default, optional, nullable, pipes, lazy). */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = current._zod.def as { type: string; innerType?: Schema; in?: Schema; getter?: () => Schema };
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else if (def.type === 'lazy' && def.getter !== undefined) current = def.getter();
    else break;
  }
  return current;
}

/** The keys an object schema accepts at `path` (array indexes step into the element), or none. */
export function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const step of path) {
    const def = current._zod.def as { type: string; shape?: Record<string, Schema>; element?: Schema };
    if (def.type === 'array' && typeof step === 'number' && def.element !== undefined) current = unwrap(def.element);
    else if (def.type === 'object' && def.shape !== undefined && typeof step === 'string' && def.shape[step] !== undefined) current = unwrap(def.shape[step]);
    else return [];
  }
  const def = current._zod.def as { type: string; shape?: Record<string, Schema> };
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key a mistyped one most likely meant (case and `_`/`-` ignored, at most a third of it wrong), if any. */
export function closestKey(typed: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = distance(norm(typed), norm(key));
    if (d <= Math.max(1, Math.floor(key.length / 3)) && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}
