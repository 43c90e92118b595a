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
