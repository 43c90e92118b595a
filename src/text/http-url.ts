/** The URL if it parses and is http(s); undefined for anything else (javascript:, data:, junk). */
export function parseHttpUrl(url: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
}
