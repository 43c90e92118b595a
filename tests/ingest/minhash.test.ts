import { describe, expect, it } from 'vitest';
import { isCurrentSignature, minhashSignature, signatureSimilarity, SIGNATURE_SIZE, words } from '../../src/ingest/minhash.ts';

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

/** The exact Jaccard similarity of two texts' 3-word shingle sets, to check the estimate against. */
function trueJaccard(a: string, b: string): number {
  const shingles = (text: string): Set<string> => {
    const w = words(text);
    return new Set(w.slice(0, Math.max(1, w.length - 2)).map((_, i) => w.slice(i, i + 3).join(' ')));
  };
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

describe('minhash estimate', () => {
  // Deterministic pseudo-random words, so two texts share exactly the runs we give them.
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 100_003}`);
  let x = 12345;
  const randomWords = (n: number): string[] =>
    Array.from({ length: n }, () => {
      x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      return vocabulary[x % vocabulary.length]!;
    });

  it('tracks the true Jaccard similarity across the range, within the documented error', () => {
    const errors: number[] = [];
    for (const shared of [0, 40, 80, 120, 160, 200]) {
      for (let trial = 0; trial < 20; trial++) {
        const common = randomWords(shared);
        const a = [...common, ...randomWords(200 - shared)].join(' ');
        const b = [...common, ...randomWords(200 - shared)].join(' ');
        errors.push(Math.abs(signatureSimilarity(minhashSignature(a), minhashSignature(b)) - trueJaccard(a, b)));
      }
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    expect(mean).toBeLessThan(0.05);
    expect(Math.max(...errors)).toBeLessThan(0.2);
  });

  it('fills every bin of a short text (densification), so short texts compare like long ones', () => {
    const short = minhashSignature('reward hacking in small agents today');
    expect(short).toHaveLength(SIGNATURE_SIZE);
    expect(short.every((v) => v !== 0xffffffff)).toBe(true);
    expect(signatureSimilarity(short, minhashSignature('Reward hacking, in small agents today!'))).toBe(1);
    expect(signatureSimilarity(short, minhashSignature('protein folding with diffusion models at scale'))).toBeLessThan(0.2);
  });

  it('marks signatures of the earlier 64-hash scheme as not current, and never compares them', () => {
    const legacy = Array.from({ length: 64 }, (_, i) => i);
    expect(isCurrentSignature(legacy)).toBe(false);
    expect(isCurrentSignature(minhashSignature(story))).toBe(true);
    expect(signatureSimilarity(legacy, minhashSignature(story))).toBe(0);
  });
});
