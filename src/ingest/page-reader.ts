import { createPageReducer, DEFAULT_REDUCE_LIMITS, type ReducedPage, type ReduceLimits } from './page-reducer.ts';
import type { BodySink } from './safe-fetch.ts';

/** Bytes of a page looked at for a BOM or a `<meta charset>` before decoding starts (the HTML standard's prescan). */
const PRESCAN_BYTES = 1024;

function knownEncoding(label: string | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The page's encoding: a BOM, then the Content-Type charset, then a `<meta>` in the first 1,024 bytes, then UTF-8. */
export function pageEncoding(head: Uint8Array, contentType: string | null): string {
  const bom = bomEncoding(head);
  if (bom) return bom;
  const fromHeader = knownEncoding(/charset\s*=\s*["']?([^;"'\s]+)/i.exec(contentType ?? '')?.[1]);
  if (fromHeader) return fromHeader;
  const ascii = new TextDecoder('latin1').decode(head.subarray(0, PRESCAN_BYTES));
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(ascii)?.[1];
  // A page cannot declare itself UTF-16 in ASCII bytes; the standard reads that declaration as UTF-8.
  const declared = knownEncoding(meta);
  return declared === null || declared.startsWith('utf-16') ? 'utf-8' : declared;
}

/** True when a response may be an HTML page (no type at all counts: many servers send none). */
export function isPageContentType(contentType: string | null): boolean {
  return !contentType || /html|xml/i.test(contentType);
}

/** A body sink that decodes a page as it arrives and reduces it (see createPageReducer); `finish` returns what it kept. */
export interface PageReader extends BodySink {
  finish(): ReducedPage;
}

export function createPageReader(contentType: string | null, options: { limits?: ReduceLimits; spot?: (text: string) => void } = {}): PageReader {
  const reducer = createPageReducer(options.limits ?? DEFAULT_REDUCE_LIMITS, options.spot);
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let wanted = true;

  const start = (bytes: Uint8Array): void => {
    decoder = new TextDecoder(pageEncoding(bytes, contentType), { fatal: false });
  };
  const feed = (bytes: Uint8Array, stream: boolean): void => {
    if (wanted) wanted = reducer.write(decoder!.decode(bytes, { stream }));
  };

  return {
    write(chunk) {
      if (!wanted) return false;
      if (decoder === null) {
        head.push(chunk);
        headBytes += chunk.byteLength;
        if (headBytes < PRESCAN_BYTES) return true;
        const bytes = Buffer.concat(head);
        head = [];
        start(bytes);
        feed(bytes, true);
        return wanted;
      }
      feed(chunk, true);
      return wanted;
    },
    finish() {
      if (decoder === null) {
        const bytes = Buffer.concat(head);
        start(bytes);
        feed(bytes, false);
      } else {
        feed(new Uint8Array(0), false);
      }
      return reducer.end();
    },
  };
}

/** Reads a whole page held in memory the same way (tests, and pages that arrived before streaming). */
export function reducePageHtml(html: string, limits: ReduceLimits = DEFAULT_REDUCE_LIMITS, spot?: (text: string) => void): ReducedPage {
  const reducer = createPageReducer(limits, spot);
  reducer.write(html);
  return reducer.end();
}
