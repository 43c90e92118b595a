import { SaxesParser } from 'saxes';
import { DigestError } from '../errors.ts';
import { decodeFeed } from '../ingest/decode-feed.ts';

/** One feed listed in an OPML file. */
export interface OpmlEntry {
  /** The outline's xmlUrl, trimmed, as written (checked later, per entry, by the import plan). */
  url: string;
  /** The outline's text (or title) attribute; '' when it has neither. */
  title: string;
  /** The folders it sits in, outermost first (feed readers' categories); [] at the top level. */
  category: string[];
}

export interface OpmlDocument {
  title: string | null;
  entries: OpmlEntry[];
  /** Outlines that look like feeds but cannot be imported (no xmlUrl), one line each with the line number. */
  problems: string[];
}

/** Bounds on an OPML file, so one hostile file cannot exhaust memory or time; documented in docs/operations.md. */
export const OPML_LIMITS = {
  bytes: 2 * 1024 * 1024,
  entries: 5_000,
  depth: 32,
  /** Characters kept of a title or folder name. */
  textChars: 300,
  /** Characters of an xmlUrl; longer ones are reported as problems. */
  urlChars: 2_000,
} as const;

/** The file cannot be read as OPML at all; nothing was imported. */
export class OpmlError extends DigestError {
  constructor(message: string, options?: { hint?: string }) {
    super(message, { ...options, code: 'invalid-input' });
  }
}

/**
 * Reads an OPML subscription list (OPML 1.0/2.0 as feed readers export it). Hostile input is bounded: size,
 * entries and nesting are capped, and a DTD is refused outright, so no entity is ever expanded and no external
 * reference is ever read (saxes itself never fetches one). Bare `&` in attributes, which several exporters write
 * unescaped in URLs, is read as a literal ampersand. Throws OpmlError; per-entry problems are returned.
 */
export function parseOpml(input: string | Uint8Array, options: { contentType?: string | null } = {}): OpmlDocument {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > OPML_LIMITS.bytes) {
    throw new OpmlError(`The OPML file is ${formatBytes(size)}; at most ${formatBytes(OPML_LIMITS.bytes)} is read.`, { hint: 'Split it into several files.' });
  }
  const text = (typeof input === 'string' ? input : decodeFeed(input, options.contentType ?? null)).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new OpmlError('The file is empty.', { hint: 'Export the subscriptions from your feed reader as OPML.' });
  const xml = text.replace(/&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[\dA-Fa-f]+);)/g, '&amp;');

  const entries: OpmlEntry[] = [];
  const problems: string[] = [];
  const folders: (string | null)[] = [];
  const path: string[] = [];
  let root: string | undefined;
  let title: string | null = null;
  let inHeadTitle = false;
  let headTitle = '';

  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const fail = (message: string, hint?: string): never => {
    throw new OpmlError(message, hint === undefined ? undefined : { hint });
  };
  parser.on('doctype', (doctype) => {
    if (/\[|\bSYSTEM\b|\bPUBLIC\b/i.test(doctype)) {
      fail(`Line ${parser.line}: the file declares a DTD, which OPML does not need; it is refused so that no entity or external reference is ever processed.`, 'Remove the <!DOCTYPE …> declaration and import again.');
    }
  });
  parser.on('opentag', (tag) => {
    const name = tag.name.toLowerCase();
    if (root === undefined) {
      root = name;
      if (name !== 'opml') fail(rootProblem(name), name === 'rss' || name === 'feed' || name === 'rdf:rdf' ? 'Add a feed with /digest sources add <url> (or `digest sources add`).' : undefined);
      return;
    }
    path.push(name);
    if (path.length > OPML_LIMITS.depth) fail(`Line ${parser.line}: outlines are nested more than ${OPML_LIMITS.depth} deep.`);
    if (name === 'title' && path.length === 2 && path[0] === 'head') inHeadTitle = true;
    if (name !== 'outline') return;
    const attrs = lowerKeys(tag.attributes);
    const label = clean(attrs['text'] ?? attrs['title'] ?? '');
    const url = (attrs['xmlurl'] ?? '').trim();
    const category = folders.filter((f): f is string => f !== null);
    if (url !== '') {
      if (entries.length >= OPML_LIMITS.entries) fail(`The file lists more than ${OPML_LIMITS.entries} feeds; nothing was imported.`, 'Split it into several files.');
      if (url.length > OPML_LIMITS.urlChars) problems.push(`line ${parser.line}: "${label || 'untitled'}" has an xmlUrl of ${url.length} characters (at most ${OPML_LIMITS.urlChars})`);
      else entries.push({ url, title: label, category });
      folders.push(null);
      return;
    }
    const type = (attrs['type'] ?? '').toLowerCase();
    if (type === 'rss' || type === 'atom') problems.push(`line ${parser.line}: "${label || 'untitled'}" is a feed outline without an xmlUrl`);
    // An outline without a feed URL is a folder: its children belong to its category.
    folders.push(label === '' ? null : label);
  });
  parser.on('text', (chunk) => {
    if (inHeadTitle && headTitle.length < OPML_LIMITS.textChars) headTitle += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name.toLowerCase();
    if (name === 'outline') folders.pop();
    if (name === 'title' && inHeadTitle) {
      inHeadTitle = false;
      title = clean(headTitle) || null;
    }
    if (path.length > 0) path.pop();
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof OpmlError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new OpmlError(`The file is not well-formed XML (${message.replace(/^[^:]*?(\d+:\d+):\s*/, 'line:column $1: ')}).`, { hint: 'Export the subscriptions again from your feed reader, or check the file in an XML validator.' });
  }
  if (root === undefined) fail('The file is empty or holds no XML element.', 'Export the subscriptions from your feed reader as OPML.');
  return { title, entries, problems };
}

function rootProblem(root: string): string {
  if (root === 'rss' || root === 'feed' || root === 'rdf:rdf') return 'This is a feed, not an OPML subscription list.';
  if (root === 'html') return 'This is a web page, not an OPML subscription list.';
  return `This is not an OPML file: its root element is <${root.slice(0, 40)}>, not <opml>.`;
}

function lowerKeys(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) out[key.toLowerCase()] ??= value;
  return out;
}

/** Titles and folder names: whitespace collapsed, bounded. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, OPML_LIMITS.textChars);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
