import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { at, settings, ref, otherRef } from './fixtures.ts';

/** The Store contract for channels. */
export function channelsContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('channels', () => {
    it('creates a channel on first sight and returns the stored one after', async () => {
      const channel = await store.ensureChannel(ref, settings);
      expect(channel).toMatchObject({ id: 'discord:g1:c1', ref, settings, lastDeliveryError: null, lastDeliveryErrorAt: null });
      expect(channel.createdAt).toBeInstanceOf(Date);
      expect(channel.settings.schedulePaused).toBe(false);
      const again = await store.ensureChannel(ref, { ...settings, pieces: 9 });
      expect(again).toEqual(channel);
      expect(await store.getChannel('discord:g1:c1')).toEqual(channel);
      expect(await store.getChannel('nope')).toBeUndefined();
      await store.ensureChannel(otherRef, settings);
      expect((await store.listChannels()).map((c) => c.id).sort()).toEqual(['discord:g1:c1', 'slack:T1:C9']);
    });

    it('updates settings', async () => {
      await store.ensureChannel(ref, settings);
      const next = { ...settings, pieces: 2, interests: [], schedulePaused: true, adminChannelId: 'c-admin' };
      const updated = await store.updateChannelSettings('discord:g1:c1', next);
      expect(updated?.settings).toEqual(next);
      expect((await store.getChannel('discord:g1:c1'))?.settings).toEqual(next);
      expect(await store.updateChannelSettings('nope', next)).toBeUndefined();
    });

    it('keeps which settings were set from chat: none for a new channel, replaced only when given', async () => {
      expect((await store.ensureChannel(ref, settings)).settingsSetInChat).toEqual([]);
      const next = { ...settings, pieces: 2, language: 'fr' };
      expect((await store.updateChannelSettings('discord:g1:c1', next, { setInChat: ['pieces', 'language', 'pieces'] }))?.settingsSetInChat).toEqual(['language', 'pieces']);
      expect((await store.updateChannelSettings('discord:g1:c1', { ...next, pieces: 3 }))?.settingsSetInChat).toEqual(['language', 'pieces']);
      expect((await store.updateChannelSettings('discord:g1:c1', next, { setInChat: [] }))?.settingsSetInChat).toEqual([]);
    });

    it('sets and clears the last delivery error', async () => {
      await store.ensureChannel(ref, settings);
      await store.setChannelDeliveryError('discord:g1:c1', 'Missing Access (50001)', at(3));
      expect(await store.getChannel('discord:g1:c1')).toMatchObject({ lastDeliveryError: 'Missing Access (50001)', lastDeliveryErrorAt: at(3) });
      await store.setChannelDeliveryError('discord:g1:c1', null, at(4));
      expect(await store.getChannel('discord:g1:c1')).toMatchObject({ lastDeliveryError: null, lastDeliveryErrorAt: null });
    });
  });
}
