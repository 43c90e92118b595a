import { readFileSync, statSync } from 'node:fs';
import { isAlias, isCollection, isPair, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { ConfigError } from '../errors.ts';

/** Alias uses allowed while building the config (the yaml library's `maxAliasCount`): plenty for `<<: *defaults`, far too few for a billion laughs. */
export const MAX_YAML_ALIAS_COUNT = 100;
/** A config file is a few kilobytes; anything this big is a mistake (or an attack) and is not read. */
export const MAX_CONFIG_BYTES = 1_000_000;

const HINT = 'The config file is not valid YAML.';

/**
 * Reads and parses a YAML config file. Every failure is a ConfigError naming the file and, where the
 * parser knows it, the line: unreadable file, oversized file, syntax errors, warnings (an unknown tag),
 * an alias that names no anchor, and aliases that expand beyond MAX_YAML_ALIAS_COUNT (an alias bomb).
 */
export function readYamlConfig(file: string): unknown {
  const text = readConfigText(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const { line, col } = lineCounter.linePos(offset);
    return ` at line ${line}, column ${col}`;
  };
  const [problem] = [...doc.errors, ...doc.warnings];
  if (problem !== undefined) {
    throw new ConfigError([`${file}${at(problem.pos[0])}: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`], HINT);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const unresolved = /^Unresolved alias.*: (.+)$/.exec(error.message)?.[1];
    if (unresolved !== undefined) {
      const alias = aliases(doc).find((a) => a.source === unresolved);
      throw new ConfigError([`${file}${at(alias?.range?.[0])}: the alias *${unresolved} names no anchor (&${unresolved}) defined before it`], HINT);
    }
    const worst = largestAlias(doc);
    throw new ConfigError(
      [`${file}${at(worst?.range?.[0])}: YAML aliases expand too far (more than ${MAX_YAML_ALIAS_COUNT} alias uses; nested aliases like this are how an "alias bomb" exhausts memory)`],
      'Write the repeated values out, or use fewer, shallower aliases.',
    );
  }
}

function readConfigText(file: string): string {
  try {
    const { size } = statSync(file);
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError([`${file} is ${size.toLocaleString('en')} bytes; a config file may be at most ${MAX_CONFIG_BYTES.toLocaleString('en')}`], 'Point --config at the digest config file.');
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError([`cannot read config file ${file}: ${why}`], 'Check the path and that the user running the bot may read it.');
  }
}

function aliases(doc: Document): Alias[] {
  const found: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void found.push(node) });
  return found;
}

/** The alias whose expansion holds the most nodes: the one to point at when aliases expand too far. */
function largestAlias(doc: Document): Alias | undefined {
  const sizes = new Map<Node, number>();
  const size = (node: unknown, depth: number): number => {
    if (depth > 64) return Infinity;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target === undefined ? 1 : size(target, depth + 1);
    }
    if (isPair(node)) return size(node.key, depth + 1) + size(node.value, depth + 1);
    if (!isCollection(node)) return 1;
    const cached = sizes.get(node);
    if (cached !== undefined) return cached;
    let total = 1;
    for (const item of node.items) total += size(item, depth + 1);
    sizes.set(node, total);
    return total;
  };
  let worst: { alias: Alias; size: number } | undefined;
  for (const alias of aliases(doc)) {
    const s = size(alias, 0);
    if (worst === undefined || s > worst.size) worst = { alias, size: s };
  }
  return worst?.alias;
}
