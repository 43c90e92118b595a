/**
 * The archive's URL scheme, defined once for the server, the static build and the links posted in chat.
 * Paths are relative to the site root, without a leading slash; a directory-style path ends in `/` and is
 * written as `<path>index.html` by the static build.
 */
export const sitePaths = {
  home: '',
  channel: (key: string): string => `c/${key}/`,
  indexPage: (key: string, page: number): string => (page <= 1 ? `c/${key}/` : `c/${key}/page/${page}/`),
  edition: (key: string, slug: string): string => `c/${key}/${slug}/`,
  search: (key: string): string => `c/${key}/search/`,
  feed: (key: string): string => `c/${key}/feed.xml`,
  asset: (name: string): string => `assets/${name}`,
  notFound: '404.html',
} as const;

/** The anchor of piece N on an edition page: `#2`. */
export const pieceAnchor = (position: number): string => String(position);

/** An href from the page at `from` to `to` (both site paths): relative, so the site works under any prefix. */
export function relativeHref(from: string, to: string): string {
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  const href = `${'../'.repeat(fromDirs.length - common)}${toParts.slice(common).join('/')}`;
  return href === '' ? './' : href;
}

/** `https://example.org/digests/` + `c/k/` → `https://example.org/digests/c/k/`. */
export function absoluteUrl(publicUrl: string, path: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return new URL(path, base).href;
}
