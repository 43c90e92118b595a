import chardet from 'chardet';
import { feedRefusal } from './feed-refusal.ts';

/**
 * Feed bytes to text with Python feedparser's precedence: a byte-order mark, then the HTTP charset, then the XML
 * declaration (or an HTML page's meta charset), then detection (chardet) for bytes that declare nothing, then UTF-8
 * and windows-1252. A candidate that cannot decode the bytes is skipped, so a declaration the bytes contradict loses
 * to the bytes: a false `encoding="utf-16"` on ASCII, BOM-less UTF-16 or UTF-32 (seen from where the zero bytes of
 * `<?xml` fall), a "UTF-8" feed written in windows-1252.
 */

type Width = 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

function bomOf(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** The code-unit width the first characters show (XML 1.0 appendix F), for bytes with no byte-order mark. */
function widthOf(bytes: Uint8Array): Width | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = bytes;
  if (a === 0 && b === 0 && c === 0 && d !== 0) return 'utf-32be';
  if (a !== 0 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  return null;
}

/** A label the platform decoder knows, normalised; null otherwise. */
function knownLabel(label: string | undefined): string | null {
  if (!label) return null;
  const lower = label.trim().toLowerCase();
  if (/^utf-?32/.test(lower)) return lower.endsWith('le') ? 'utf-32le' : 'utf-32be';
  try {
    return new TextDecoder(lower).encoding;
  } catch {
    return null;
  }
}

/** The encoding named in the prolog or an HTML meta tag; the head is read as latin1, which keeps ASCII intact. */
function declaredInDocument(head: string): string | null {
  const prolog = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  if (prolog) return prolog;
  return /<meta\b[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head)?.[1] ?? null;
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string | null {
  if (bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    chunk.push(code);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/** Strict decoding: null when the bytes are not valid in `encoding`. */
function tryDecode(bytes: Uint8Array, encoding: string): string | null {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  // A UTF-16 label on bytes without the zero bytes of UTF-16 is a false declaration, whatever it would decode to.
  if (encoding.startsWith('utf-16') && widthOf(bytes) !== encoding) return null;
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** The charset chardet sees in bytes that declare none; only a confident, decodable answer counts. */
function detected(bytes: Uint8Array): string | null {
  const sample = bytes.length > 65_536 ? bytes.subarray(0, 65_536) : bytes;
  for (const match of chardet.analyse(sample)) {
    if (match.confidence < 10) break;
    // Hebrew feeds are written in windows-1255, of which the ISO set chardet names is a subset.
    const label = knownLabel(/^iso-8859-8/i.test(match.name) ? 'windows-1255' : match.name);
    if (label) return label;
  }
  return null;
}

/** True when the text holds what no feed text does: NUL or many other control characters (binary data). */
function looksBinary(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
  }
  return controls > 8 && controls > sample.length / 100;
}

/** Finds the encoding the bytes are in (see the module comment); exported for tests and reports. */
export function detectCharset(bytes: Uint8Array, contentType: string | null): string {
  return decodeWithCharset(bytes, contentType).encoding;
}

function decodeWithCharset(bytes: Uint8Array, contentType: string | null): { text: string; encoding: string } {
  const bom = bomOf(bytes);
  if (bom) {
    const text = tryDecode(bytes.subarray(bom.length), bom.encoding);
    if (text !== null) return { text, encoding: bom.encoding };
  }
  const width = widthOf(bytes);
  const fromHeader = knownLabel(/charset\s*=\s*["']?([^;"'\s]+)/i.exec(contentType ?? '')?.[1]);
  const head = width ? tryDecode(bytes.subarray(0, 1024 - (1024 % 4)), width) ?? '' : new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const fromDocument = knownLabel(declaredInDocument(head) ?? undefined);
  // Zero bytes where `<?xml` would be say the width outright; a declaration cannot argue with that.
  for (const declared of [width, fromHeader, fromDocument]) {
    const text = declared ? tryDecode(bytes, declared) : null;
    if (text !== null) return { text, encoding: declared! };
  }
  // Bytes that declare nothing decodable: UTF-8 if they are valid UTF-8, else what detection finds.
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const guess = detected(bytes);
  const text = guess ? tryDecode(bytes, guess) : null;
  if (text !== null) return { text, encoding: guess! };
  return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}

/** Decodes feed (or article page) bytes to text; refuses binary data that no encoding makes text of. */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  const { text, encoding } = decodeWithCharset(bytes, contentType);
  if (looksBinary(text)) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    throw feedRefusal('undecodable', gzip
      ? 'the body is gzip-compressed data that the server did not label with Content-Encoding'
      : `the body is binary data, not text (read as ${encoding}, it holds NUL or control characters)`);
  }
  return text;
}
