import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DigestError } from '../../src/errors.ts';
import type { ArchiveSite } from './archive-site.ts';

/** What `digest site build` did. */
export interface SiteBuildReport {
  written: number;
  unchanged: number;
  removed: number;
  files: number;
}

/** Lists the files the last build wrote, so the next one rewrites only what changed and removes what is gone. */
export const MANIFEST_NAME = '.digest-site.json';

interface Manifest {
  version: 1;
  files: Record<string, string>;
}

/** `c/k/` → `c/k/index.html`; `c/k/feed.xml` stays. */
export function fileOfPath(sitePath: string): string {
  return sitePath === '' || sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
}

function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST_NAME);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (parsed.version === 1 && typeof parsed.files === 'object' && parsed.files !== null) return parsed;
  } catch {
    // An unreadable manifest is rebuilt from scratch below.
  }
  return { version: 1, files: {} };
}

/** Removes now-empty directories from `file`'s directory up to (not including) `dir`. */
function pruneEmptyDirs(dir: string, file: string): void {
  for (let at = path.dirname(file); at.startsWith(dir + path.sep); at = path.dirname(at)) {
    if (readdirSync(at).length > 0) return;
    rmdirSync(at);
  }
}

/**
 * Writes the archive as static files under `dir`, with the server's URLs (`c/<key>/2026-03-30/index.html`…)
 * and the server's bytes. Incremental: a file whose content is unchanged is not touched (its mtime, and so a
 * static host's Last-Modified, stays), and files an earlier build wrote that are no longer part of the site —
 * a rotated token's pages, an archive turned off — are deleted. Refuses a non-empty directory it did not build.
 */
export async function buildStaticSite(site: ArchiveSite, dir: string): Promise<SiteBuildReport> {
  const root = path.resolve(dir);
  mkdirSync(root, { recursive: true });
  if (!statSync(root).isDirectory()) throw new DigestError(`${dir} is not a directory`);
  const previous = readManifest(root);
  if (previous === undefined && readdirSync(root).length > 0) {
    throw new DigestError(`${dir} is not empty and was not made by \`digest site build\``, {
      hint: 'Build into an empty (or new) directory; later builds into it update only what changed.',
    });
  }
  const old = previous?.files ?? {};
  const next: Record<string, string> = {};
  const report: SiteBuildReport = { written: 0, unchanged: 0, removed: 0, files: 0 };
  for await (const { path: sitePath, response } of site.files()) {
    const relative = fileOfPath(sitePath);
    const hash = createHash('sha256').update(response.body).digest('hex');
    next[relative] = hash;
    report.files += 1;
    const target = path.join(root, relative);
    if (old[relative] === hash && existsSync(target)) {
      report.unchanged += 1;
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    // Written beside the target and renamed over it, so a host never serves half a page.
    const temporary = `${target}.tmp-${process.pid}`;
    writeFileSync(temporary, response.body);
    renameSync(temporary, target);
    report.written += 1;
  }
  for (const relative of Object.keys(old)) {
    if (relative in next) continue;
    const target = path.join(root, relative);
    if (existsSync(target)) {
      unlinkSync(target);
      pruneEmptyDirs(root, target);
    }
    report.removed += 1;
  }
  writeFileSync(path.join(root, MANIFEST_NAME), `${JSON.stringify({ version: 1, files: next } satisfies Manifest, null, 1)}\n`);
  return report;
}
