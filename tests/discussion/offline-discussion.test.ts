import { describe, expect, it } from 'vitest';
import { boundComments, DISCUSSION_SECTIONS, type DiscussionComment } from '../../src/discussion/discussion-model.ts';
import { classifyComment, offlineDiscussion } from '../../src/discussion/offline-discussion.ts';
import { expectedAuthors, fixtureComments } from '../fixtures/discussion/reward-hacking-thread.ts';

describe('the offline discussion digest', () => {
  const digest = offlineDiscussion(fixtureComments());
  const byId = new Map(fixtureComments().map((c) => [c.id, c]));

  it('puts each comment of the fixture under the sections a reader would', () => {
    for (const { key } of DISCUSSION_SECTIONS) {
      const authors = (digest.sections.find((s) => s.key === key)?.points ?? []).map((p) => p.author).sort();
      expect({ key, authors }).toEqual({ key, authors: expectedAuthors(key) });
    }
    expect(digest.summarisedBy).toBe('offline');
  });

  it('quotes only what each commenter wrote, attributed and linked, and invents no gist', () => {
    const points = digest.sections.flatMap((s) => s.points);
    expect(points.length).toBeGreaterThan(0);
    for (const point of points) {
      const comment = byId.get(point.commentId)!;
      expect(comment.text).toContain(point.quote);
      expect(point.author).toBe(comment.author);
      expect(point.permalink).toBe(comment.permalink);
      expect(point.point).toBeNull();
      expect(point.quote.length).toBeLessThanOrEqual(300);
    }
  });

  it('keeps the maths a commenter wrote', () => {
    const ines = digest.sections.find((s) => s.key === 'questions')!.points.find((p) => p.author === 'Ines Duarte')!;
    expect(ines.quote).toContain('$\\max_t c_t$');
  });

  it('lists the most engaged comments first in each section', () => {
    const debating = digest.sections.find((s) => s.key === 'debating')!.points.map((p) => p.author);
    expect(debating).toEqual(['Mira Okafor', 'Priya Raman', 'Ines Duarte']);
  });

  it('has nothing to say about a thread of thanks', () => {
    const thanks = offlineDiscussion([{ ...fixtureComments()[8]! }, { ...fixtureComments()[8]!, id: 't:x', text: 'Nice one, thanks!' }]);
    expect(thanks.sections).toEqual([]);
  });

  it('reads a question without "you" only when it asks something, not a one-word "really?"', () => {
    expect(classifyComment('Really?')).toEqual([]);
    expect(classifyComment('Is the probe linear in the residual stream?').map((c) => c.key)).toEqual(['questions']);
  });
});

describe('bounding a long thread', () => {
  it('reads at most the bound, most engaged first, each reply cut, within the character budget', () => {
    const replies: DiscussionComment[] = Array.from({ length: 500 }, (_, i) => ({
      id: `t:${i}`,
      origin: 'thread',
      author: `Reader ${i}`,
      text: `${'word '.repeat(i % 7 === 0 ? 900 : 40)}end ${i}`,
      permalink: `https://x/${i}`,
      postedAt: new Date(Date.UTC(2026, 2, 30, 0, i)),
      engagement: i % 50,
    }));
    const kept = boundComments(replies);
    expect(kept.length).toBeLessThanOrEqual(60);
    expect(kept.reduce((n, c) => n + c.text.length, 0)).toBeLessThanOrEqual(30_000);
    expect(kept.every((c) => c.text.length <= 1_500)).toBe(true);
    expect(kept[0]!.engagement).toBe(49);
    expect(Math.min(...kept.map((c) => c.engagement))).toBeGreaterThanOrEqual(44);
  });
});
