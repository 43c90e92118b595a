/** Finds the charset a feed declares: BOM first, then the Content-Type, then the XML prolog. */
export function detectCharset(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const fromHeader = /charset\s*=\s*["']?([^;"'\s]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader && isKnownEncoding(fromHeader)) return fromHeader.toLowerCase();
  // The prolog is ASCII in every encoding a feed realistically uses, so latin1 reads it safely.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512));
  const fromProlog = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  if (fromProlog && isKnownEncoding(fromProlog)) return fromProlog.toLowerCase();
  return 'utf-8';
}

function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label.trim());
    return true;
  } catch {
    return false;
  }
}

/** Decodes feed bytes to text with the declared charset (rss-parser alone would read legacy charsets as UTF-8); strips a BOM. */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  const charset = detectCharset(bytes, contentType);
  return new TextDecoder(charset).decode(bytes);
}
