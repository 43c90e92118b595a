import type { Piece } from '../../src/domain/piece.ts';
import type { Source } from '../../src/domain/source.ts';

export const NOW = new Date('2026-11-22T09:00:00Z');

/** A Piece with sensible defaults; a distinct MinHash signature per id unless one is given. */
export function makePiece(overrides: Partial<Piece> & { id: string }): Piece {
  const publishedAt = overrides.publishedAt ?? new Date(NOW.getTime() - 24 * 3_600_000);
  const text = overrides.contentText ?? 'A study of training dynamics in small language models.';
  return {
    sourceId: 'src-a',
    guid: `guid-${overrides.id}`,
    url: `https://example.org/${overrides.id}`,
    canonicalUrl: `https://example.org/${overrides.id}`,
    title: `Piece ${overrides.id}`,
    authors: ['A. Author'],
    publishedAt,
    publishedAtEstimated: false,
    fetchedAt: NOW,
    contentText: text,
    contentHtml: `<p>${text}</p>`,
    wordCount: 1200,
    contentHash: `hash-${overrides.id}`,
    signature: uniqueSignature(overrides.id),
    fullTextFetched: false,
    updatedAt: NOW,
    ...overrides,
  };
}

/** A 64-slot signature derived from a seed string: different seeds agree on (almost) no slot. */
export function uniqueSignature(seed: string): number[] {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 64 }, (_, i) => (Math.imul(h + i * 2654435761, 40503) >>> 0) % 1_000_003);
}

/** A copy of `signature` with the first `changed` slots altered: similarity (64 − changed) / 64. */
export function perturb(signature: readonly number[], changed: number): number[] {
  return signature.map((v, i) => (i < changed ? v + 7_000_000 : v));
}

export function makeSource(id: string, name: string, weight = 1): Source {
  return {
    id,
    url: `https://example.org/${id}.xml`,
    name,
    weight,
    fullText: false,
    paused: false,
    createdAt: NOW,
    fetchState: {
      etag: null,
      lastModified: null,
      lastFetchedAt: null,
      lastSuccessAt: null,
      retryAfter: null,
      consecutiveFailures: 0,
      failing: false,
      lastError: null,
      fullTextNote: null,
    },
  };
}

export function hoursAgo(hours: number): Date {
  return new Date(NOW.getTime() - hours * 3_600_000);
}
