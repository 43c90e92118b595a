import { SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

/** SQLite's one connection, handed to waiters strictly in arrival order. */
class FifoLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** Kysely's SqliteDriver behind a FIFO lock on its single connection. */
class FifoSqliteDriver extends SqliteDriver {
  readonly #lock = new FifoLock();
  readonly #database: SqliteDialectConfig['database'];

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#database = config.database;
  }

  /**
   * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY while
   * committing…). Kysely then sends ROLLBACK anyway, which fails with "cannot rollback - no transaction is active"
   * and replaces the real error: a full disk was reported as that. Only roll back what is still open.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const database = typeof this.#database === 'function' ? undefined : (this.#database as { inTransaction?: unknown });
    if (database?.inTransaction === false) return;
    await super.rollbackTransaction(connection);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#lock.release();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#lock.release();
  }
}

/** Tells Kysely not to add its own connection mutex: the driver serialises the connection itself. */
class FifoSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect with a FIFO hand-over of the connection. Kysely's own mutex wakes every waiter on each
 * release and lets them race for the lock again, so n concurrent queries cost O(n²) wake-ups: with a thousand
 * channels delivering at once, that alone took about a second before the first message went out.
 */
export class FifoSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new FifoSqliteAdapter();
  }
}
