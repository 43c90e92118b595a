import type { OpmlEntry } from './parse-opml.ts';

/** What an export writes: the list's title, when it was made, and its feeds in order. */
export interface OpmlExport {
  title: string;
  createdAt: Date;
  entries: readonly OpmlEntry[];
}

/**
 * Writes OPML 2.0 that feed readers import: one `<outline type="rss">` per feed, inside folder outlines for its
 * category. Order is kept (a folder is reopened when entries of one category are not adjacent), so parsing the
 * output gives the same entries back. Characters XML 1.0 cannot carry (most control characters) are dropped;
 * tabs and newlines in attributes are written as character references so they survive attribute normalisation.
 */
export function serializeOpml(doc: OpmlExport): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeText(doc.title)}</title>`,
    `    <dateCreated>${doc.createdAt.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  let open: string[] = [];
  for (const entry of doc.entries) {
    const category = entry.category.filter((c) => xmlSafe(c) !== '');
    let shared = 0;
    while (shared < open.length && shared < category.length && open[shared] === category[shared]) shared++;
    while (open.length > shared) {
      open.pop();
      lines.push(`${indent(open.length)}</outline>`);
    }
    for (const folder of category.slice(shared)) {
      lines.push(`${indent(open.length)}<outline text="${escapeAttribute(folder)}" title="${escapeAttribute(folder)}">`);
      open.push(folder);
    }
    const title = escapeAttribute(entry.title);
    lines.push(`${indent(open.length)}<outline type="rss" text="${title}" title="${title}" xmlUrl="${escapeAttribute(entry.url)}"/>`);
  }
  while (open.length > 0) {
    open = open.slice(0, -1);
    lines.push(`${indent(open.length)}</outline>`);
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function indent(depth: number): string {
  return '    '.padEnd(4 + depth * 2, ' ');
}

/** Drops what XML 1.0 cannot represent: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and lone surrogates. */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
