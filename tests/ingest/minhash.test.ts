import { describe, expect, it } from 'vitest';
import { minhashSignature, signatureSimilarity, SIGNATURE_SIZE } from '../../src/ingest/minhash.ts';

const story = 'Researchers at the lab show that reward models trained on human preferences can be gamed by policies that learn to exploit '
  + 'systematic blind spots, and they propose an ensemble of critics that flags such exploits before deployment in production systems.';

describe('minhash', () => {
  it('scores a lightly edited crosspost above the default threshold and an unrelated text far below', () => {
    const original = minhashSignature(`Reward models can be gamed\n${story}`);
    const crosspost = minhashSignature(`Reward models can be gamed\n${story} Crossposted from the AI Alignment Forum.`);
    const other = minhashSignature('A practical guide to sourdough baking at home with a cast iron pot, hydration tables and long cold fermentation steps.');
    expect(original).toHaveLength(SIGNATURE_SIZE);
    expect(signatureSimilarity(original, crosspost)).toBeGreaterThanOrEqual(0.8);
    expect(signatureSimilarity(original, other)).toBeLessThan(0.2);
    expect(signatureSimilarity(original, original)).toBe(1);
  });

  it('is deterministic', () => {
    expect(minhashSignature(story)).toEqual(minhashSignature(story));
  });
});
