import { describe, expect, it } from 'vitest';
import { minhashSignature } from '../../src/ingest/minhash.ts';
import { createNearDuplicateIndex } from '../../src/ingest/near-duplicate-index.ts';

const base = 'Sparse autoencoders recover interpretable features from the residual stream of a small transformer, and the features '
  + 'transfer across model sizes when the dictionary is large enough; the authors release code and trained dictionaries for reuse.';

describe('near-duplicate index', () => {
  it('finds a near-duplicate from another source and ignores the same source and unrelated text', () => {
    const index = createNearDuplicateIndex();
    index.add({ id: 'p1', sourceId: 'a', signature: minhashSignature(base) });
    index.add({ id: 'p2', sourceId: 'a', signature: minhashSignature('Completely unrelated notes about gardening, tomatoes, compost heaps and the weather this spring in the north.') });
    const crosspost = minhashSignature(`${base} (crossposted)`);
    expect(index.best({ sourceId: 'b', signature: crosspost }, 0.8)?.id).toBe('p1');
    expect(index.best({ sourceId: 'a', signature: crosspost }, 0.8)).toBeNull();
    expect(index.best({ sourceId: 'b', signature: minhashSignature('A new post about protein folding with diffusion models and its evaluation on CASP targets.') }, 0.8)).toBeNull();
  });
});
