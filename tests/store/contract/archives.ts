import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelSettings } from '../../../src/domain/channel.ts';
import type { Digest } from '../../../src/domain/digest.ts';
import type { Store } from '../../../src/store/store.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

const T0 = new Date('2026-03-30T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const settings: ChannelSettings = channelSettings({ timezone: 'Europe/London' });

function digest(id: string, channelId: string, createdAt: Date): Digest {
  return { id, channelId, edition: createdAt.toISOString(), title: `Digest ${id}`, headerLine: '1 piece', createdAt, readMinutes: 1, summarisedOffline: true, pieces: [] };
}

/** The Store contract for the web archive's settings and digest stamps. */
export function archivesContract(getStore: () => Store): void {
  describe('web archive settings', () => {
    let store: Store;
    let channelId: string;
    beforeEach(async () => {
      store = getStore();
      channelId = (await store.ensureChannel({ platform: 'discord', workspaceId: 'g1', channelId: 'c1' }, settings)).id;
    });

    it('creates a private archive with an unguessable token on first sight, and keeps it', async () => {
      const first = await store.ensureArchive(channelId, 'Pacific/Auckland', at(0));
      expect(first).toEqual({
        channelId,
        visibility: 'private',
        token: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
        slug: 'discord-g1-c1',
        timeZone: 'Pacific/Auckland',
        createdAt: at(0),
        updatedAt: at(0),
      });
      const again = await store.ensureArchive(channelId, 'UTC', at(5));
      expect(again).toEqual(first);
      expect(await store.getArchive(channelId)).toEqual(first);
      expect(await store.getArchive('discord:g1:nope')).toBeUndefined();
      const other = await store.ensureArchive((await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C9' }, settings)).id, 'UTC', at(0));
      expect(other.token).not.toBe(first.token);
    });

    it('finds a private archive only by its token, an unlisted or public one only by its slug, an archive that is off by nothing', async () => {
      const { token, slug } = await store.ensureArchive(channelId, 'UTC', at(0));
      expect((await store.findArchiveByKey(token))?.channelId).toBe(channelId);
      expect(await store.findArchiveByKey(slug)).toBeUndefined();
      expect(await store.findArchiveByKey(token.slice(0, -1))).toBeUndefined();

      expect(await store.setArchiveVisibility(channelId, 'unlisted', at(1))).toMatchObject({ visibility: 'unlisted', updatedAt: at(1), token });
      expect(await store.findArchiveByKey(token)).toBeUndefined();
      expect((await store.findArchiveByKey(slug))?.visibility).toBe('unlisted');

      await store.setArchiveVisibility(channelId, 'public', at(2));
      expect((await store.findArchiveByKey(slug))?.visibility).toBe('public');

      await store.setArchiveVisibility(channelId, 'off', at(3));
      expect(await store.findArchiveByKey(slug)).toBeUndefined();
      expect(await store.findArchiveByKey(token)).toBeUndefined();
    });

    it('rotating the token invalidates the old one at once', async () => {
      const { token } = await store.ensureArchive(channelId, 'UTC', at(0));
      const rotated = await store.rotateArchiveToken(channelId, 'n'.repeat(24), at(1));
      expect(rotated).toMatchObject({ token: 'n'.repeat(24), visibility: 'private', updatedAt: at(1) });
      expect(await store.findArchiveByKey(token)).toBeUndefined();
      expect((await store.findArchiveByKey('n'.repeat(24)))?.channelId).toBe(channelId);
      expect(await store.rotateArchiveToken('discord:g1:missing', 'x'.repeat(24), at(1))).toBeUndefined();
    });

    it('lists archives by visibility, oldest first', async () => {
      const second = (await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C9' }, settings)).id;
      await store.ensureArchive(channelId, 'UTC', at(0));
      await store.ensureArchive(second, 'UTC', at(1));
      expect(await store.listArchives(['public'])).toEqual([]);
      await store.setArchiveVisibility(second, 'public', at(2));
      await store.setArchiveVisibility(channelId, 'public', at(3));
      expect((await store.listArchives(['public'])).map((a) => a.channelId)).toEqual([channelId, second]);
      expect((await store.listArchives(['private', 'unlisted'])).map((a) => a.channelId)).toEqual([]);
      expect(await store.listArchives([])).toEqual([]);
    });

    it("counts a channel's digests and lists their stamps oldest first, optionally within a time range", async () => {
      expect(await store.countDigests(channelId)).toBe(0);
      await store.saveDigest(digest('d2', channelId, at(10)));
      await store.saveDigest(digest('d1', channelId, at(0)));
      await store.saveDigest(digest('d3', channelId, at(20)));
      await store.saveDigest(digest('x1', 'slack:T1:C9', at(5)));
      expect(await store.countDigests(channelId)).toBe(3);
      expect(await store.listDigestStamps(channelId)).toEqual([{ id: 'd1', createdAt: at(0) }, { id: 'd2', createdAt: at(10) }, { id: 'd3', createdAt: at(20) }]);
      expect(await store.listDigestStamps(channelId, { from: at(0), to: at(20) })).toEqual([{ id: 'd1', createdAt: at(0) }, { id: 'd2', createdAt: at(10) }]);
    });
  });
}
