import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { at } from './fixtures.ts';

/** The Store contract for leases, named locks. */
export function leasesContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('leases', () => {
    const ttl = 60_000;

    it('grants a free key, refuses another holder until it expires, then lets it take over', async () => {
      expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(0))).toBe(true);
      expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(0.5))).toBe(false);
      expect(await store.tryAcquireLease('slot:b', 'i2', ttl, at(0.5))).toBe(true);
      // The holder renews; the lease now runs to at(2).
      expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(1))).toBe(true);
      expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(1.5))).toBe(false);
      expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(2))).toBe(true);
      expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(2.5))).toBe(false);
    });

    it('releases only for its holder', async () => {
      expect(await store.tryAcquireLease('k', 'i1', ttl, at(0))).toBe(true);
      expect(await store.releaseLease('k', 'i2')).toBe(false);
      expect(await store.tryAcquireLease('k', 'i2', ttl, at(0))).toBe(false);
      expect(await store.releaseLease('k', 'i1')).toBe(true);
      expect(await store.releaseLease('k', 'i1')).toBe(false);
      expect(await store.tryAcquireLease('k', 'i2', ttl, at(0))).toBe(true);
    });

    it('prunes only leases that expired before the given time', async () => {
      await store.tryAcquireLease('old', 'i1', ttl, at(0));
      await store.tryAcquireLease('new', 'i1', ttl, at(10));
      expect(await store.pruneLeases(at(5))).toBe(1);
      expect(await store.tryAcquireLease('old', 'i2', ttl, at(5))).toBe(true);
      expect(await store.tryAcquireLease('new', 'i2', ttl, at(5))).toBe(false);
    });

    it('lets exactly one of several racing holders win a free or expired key', async () => {
      const free = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => store.tryAcquireLease('race', h, ttl, at(0))));
      expect(free.filter(Boolean)).toHaveLength(1);
      const expired = await Promise.all(['f', 'g', 'h', 'i'].map((h) => store.tryAcquireLease('race', h, ttl, at(5))));
      expect(expired.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('named locks', () => {
    it('runs tasks under one name one at a time, other names alongside, and frees the name when a task throws', async () => {
      const log: string[] = [];
      // a holds 'k' until c (under another name) has run, or 5 s pass: if names blocked each other, c would end after a.
      let cEnded!: () => void;
      const cDone = new Promise<void>((resolve) => {
        cEnded = resolve;
      });
      const task = (name: string, until: () => Promise<unknown>) => async () => {
        log.push(`${name} start`);
        await until();
        log.push(`${name} end`);
        if (name === 'c') cEnded();
        return name;
      };
      const failing = store.withLock('k', async () => {
        log.push('boom');
        throw new Error('boom');
      });
      const results = await Promise.all([
        failing.catch((e: Error) => e.message),
        store.withLock('k', task('a', () => Promise.race([cDone, new Promise((resolve) => setTimeout(resolve, 5_000))]))),
        store.withLock('k', task('b', () => Promise.resolve())),
        store.withLock('other', task('c', () => Promise.resolve())),
      ]);
      expect(results).toEqual(['boom', 'a', 'b', 'c']);
      // a and b never overlap; c (another name) did not wait for them.
      expect(log.indexOf('b start')).toBeGreaterThan(log.indexOf('a end'));
      expect(log.indexOf('c end')).toBeLessThan(log.indexOf('a end'));
    });
  });
}
