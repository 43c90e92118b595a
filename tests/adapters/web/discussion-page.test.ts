import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDiscussionReply } from '../../../src/discussion/render-discussion.ts';
import { FIRST_DAY } from './archive-fixture.ts';
import { createSiteRig, domOf, type SiteRig } from './site-harness.ts';

describe('an edition page shows what readers said under each piece', () => {
  let rig: SiteRig;
  beforeEach(async () => {
    rig = await createSiteRig();
  });
  afterEach(async () => rig.close());

  it('renders the posted discussion digest in the piece’s section, readers’ text inert, links to comments marked as user content', async () => {
    const [digest] = (await rig.store.listDigests(rig.seeded.privateChannelId, { limit: 100 })).filter((d) => d.createdAt.getTime() === FIRST_DAY.getTime());
    const piece = digest!.pieces[1]!;
    const reply = renderDiscussionReply({
      sections: [
        { key: 'debating',
          points: [{ commentId: 't:1', author: 'Mira <script>window.__pwned=1</script>', permalink: 'https://discord.com/channels/1/2/3', origin: 'thread', point: null,
            quote: 'the post conflates two things <img src=x onerror=alert(1)>' }] },
        { key: 'priorWork', points: [{ commentId: 's:2', author: 'Lena', permalink: 'javascript:alert(2)', origin: 'source', point: 'Points to Gao et al. (2022).', quote: 'Gao, Schulman and Hilton (2022)' }] },
      ],
      total: 2,
      read: 2,
      summarisedBy: 'offline',
    }, piece, { thread: 1, source: 1 });
    await rig.store.discussion.saveDiscussionReply({ channelId: rig.seeded.privateChannelId, digestId: digest!.id, position: 2, reply, at: FIRST_DAY });

    const page = await rig.get(`c/${rig.seeded.token}/2026-03-02/`);
    expect(page.status).toBe(200);
    const doc = domOf(page.text);
    const sections = [...doc.querySelectorAll('section.piece')];
    expect(sections[0]!.querySelector('section.discussion')).toBeNull();
    const discussion = sections[1]!.querySelector('section.discussion')!;
    expect(discussion.querySelector('h3')!.textContent).toBe(`💬 Discussion of 2. ${piece.title}`);
    expect([...discussion.querySelectorAll('h4')].map((h) => h.textContent)).toEqual(['What readers are debating', 'Prior work pointed to']);
    const items = [...discussion.querySelectorAll('li')];
    expect(items[0]!.querySelector('strong')!.textContent).toBe('Mira <script>window.__pwned=1</script>');
    expect(items[0]!.querySelector('q')!.textContent).toBe('the post conflates two things <img src=x onerror=alert(1)>');
    expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe('https://discord.com/channels/1/2/3');
    expect(items[0]!.querySelector('a')!.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    expect(items[1]!.querySelector('a')).toBeNull();
    expect(doc.querySelectorAll('section.discussion script, section.discussion img')).toHaveLength(0);
    expect(discussion.querySelector('.note')!.textContent).toContain('without a language model');
  });
});
