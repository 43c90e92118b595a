import { parseHTML } from 'linkedom';
import { createArchiveSite, type ArchiveSite } from '../../../adapters/web/archive-site.ts';
import { createArchiveReader } from '../../../src/archive/archive-reader.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { seedArchive, type SeededArchive } from './archive-fixture.ts';

export interface SiteRig {
  store: Store;
  seeded: SeededArchive;
  site: ArchiveSite;
  /** GET a site path; the body as text. */
  get(path: string, query?: string): Promise<{ status: number; text: string; contentType: string }>;
  close(): Promise<void>;
}

/** A real (in-memory SQLite) store seeded like a deployment, and the archive site over it. */
export async function createSiteRig(options: { publicUrl?: string | null; path?: string } = {}): Promise<SiteRig> {
  const store = await createSqliteStore({ path: options.path ?? ':memory:' });
  const seeded = await seedArchive(store);
  const site = createArchiveSite({
    reader: createArchiveReader(store, { pageSize: 20 }),
    siteName: 'Acme Research Digests',
    digestName: 'AI Research Digest',
    defaultLanguage: 'en',
    publicUrl: options.publicUrl ?? null,
  });
  return {
    store,
    seeded,
    site,
    async get(path, query = '') {
      const response = await site.get(path, new URLSearchParams(query));
      return { status: response.status, text: response.body.toString('utf8'), contentType: response.contentType };
    },
    close: () => store.close(),
  };
}

/** A DOM of a page, for asserting structure rather than strings. */
export function domOf(html: string) {
  return parseHTML(html).document;
}
