/**
 * A web address in text: with a scheme, or starting with `www.` (which some clients also link). Stops at
 * whitespace and at characters that cannot appear unescaped in a URL.
 */
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'`\u00a0]+/giu;

/** Stands where a removed address was until tidy() runs (a private-use character, dropped from the text first). */
const GONE = '\ue00f';

/**
 * LLM output may carry addresses the source never gave (a prompt-injected "Visit https://evil.example/win"),
 * and chat platforms make them clickable. Every address in `text` that does not occur in `source` is
 * removed; one the source has is kept, even if the model re-wrote its scheme, `www.` or trailing slash.
 */
export function removeUnsourcedUrls(text: string, source: string): string {
  if (!/https?:\/\/|www\./i.test(text)) return text;
  const known = new Set<string>();
  for (const match of source.matchAll(URL_IN_TEXT)) known.add(urlKey(trimUrl(match[0])));
  let changed = false;
  const out = text.replace(/\ue00f/g, '').replace(URL_IN_TEXT, (raw) => {
    const url = trimUrl(raw);
    if (known.has(urlKey(url))) return raw;
    changed = true;
    // A marker where the address was, so only what surrounds it is tidied; the punctuation after it stays.
    return `${GONE}${raw.slice(url.length)}`;
  });
  return changed ? tidy(out) : text;
}

/** The address without the sentence punctuation that often follows it (and a closing bracket it did not open). */
function trimUrl(raw: string): string {
  let url = raw.replace(/[.,;:!?'"*_]+$/u, '');
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1).replace(/[.,;:!?'"*_]+$/u, '');
  while (url.endsWith(']')) url = url.slice(0, -1);
  return url;
}

/** What makes two spellings of one address the same: no scheme, no `www.`, lower-case host, no trailing slash. */
function urlKey(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  const slash = bare.indexOf('/');
  const host = (slash === -1 ? bare : bare.slice(0, slash)).toLowerCase();
  const rest = slash === -1 ? '' : bare.slice(slash);
  return `${host}${rest}`.replace(/\/+$/, '');
}

/** Removes what a removed address leaves behind (brackets around it, the space before it), and nothing else. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]*[([][ \t]*\ue00f[ \t]*[)\]]/g, '')
    .replace(/[ \t]*\ue00f(?=[.,;:!?)\]]|$)/gm, '')
    .replace(/^\ue00f[ \t]*/gm, '')
    .replace(/[ \t]*\ue00f[ \t]*/g, ' ')
    .trim();
}
