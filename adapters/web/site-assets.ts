import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sitePaths } from '../../src/archive/archive-paths.ts';

/** A static file of the site, named by a hash of its content so it can be cached for a year. */
export interface SiteAsset {
  path: string;
  contentType: string;
  body: Buffer;
}

function hashed(name: string, extension: string, contentType: string, body: Buffer): SiteAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: sitePaths.asset(`${name}-${hash}.${extension}`), contentType, body };
}

const ICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><path d="M9 8h9a6 6 0 0 1 0 12h-5v4H9zm4 4v4h5a2 2 0 0 0 0-4z" fill="#fff"/></svg>\n';

/** The stylesheet and the icon every page links to. */
export const SITE_ASSETS = {
  stylesheet: hashed('archive', 'css', 'text/css; charset=utf-8', readFileSync(path.join(import.meta.dirname, 'assets', 'archive.css'))),
  icon: hashed('icon', 'svg', 'image/svg+xml', Buffer.from(ICON_SVG)),
} as const;

export const ALL_ASSETS: readonly SiteAsset[] = Object.values(SITE_ASSETS);
