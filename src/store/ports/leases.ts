/** Coordination between instances sharing one database. */
export interface LeaseStore {
  /**
   * Takes `key` for `holder` until now + ttlMs when it is free, expired, or already held by `holder`
   * (which renews it). One atomic statement: of several racing holders exactly one gets true.
   */
  tryAcquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up early; only its holder can. True when it was held by `holder`. */
  releaseLease(key: string, holder: string): Promise<boolean>;
  /** Deletes leases that expired before `before` (slot leases are kept, not released); returns how many. */
  pruneLeases(before: Date): Promise<number>;
}

/** A named lock held while a task runs. */
export interface LockStore {
  /**
   * Runs `task` while holding the lock `key`, released when it settles: tasks under one key never overlap, across
   * every instance sharing a PostgreSQL database, or within this process on SQLite.
   */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T>;
}
