import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Piece } from '../domain/piece.ts';
import type { RawFeedItem } from './feed-types.ts';
import { normaliseItem } from './normalise-item.ts';

/** What a feed's items are normalised against. */
export interface NormaliseContext {
  sourceId: string;
  fetchedAt: Date;
  baseUrl: string | null;
}

/** One item's outcome, in the order the items were given. */
export type NormalisedItem = { piece: Piece } | { error: string };

/**
 * Turns a feed's raw items into pieces: sanitising their HTML, hashing and signing their text. That is most of a
 * cold ingest's CPU, and it depends on nothing but the items, so it can run beside the fetching, parsing and storing.
 */
export interface ItemNormaliser {
  normalise(items: readonly RawFeedItem[], context: NormaliseContext): Promise<NormalisedItem[]>;
  /** Stops the thread, if any; items still waiting come back as errors. */
  close(): Promise<void>;
}

/** The messages between the main thread and normalise-worker.ts. */
export interface NormaliseRequest {
  id: number;
  items: readonly RawFeedItem[];
  context: NormaliseContext;
}
export interface NormaliseResponse {
  id: number;
  results: NormalisedItem[];
}

/** Normalises one item; what it throws becomes that item's error. */
export function normaliseOne(raw: RawFeedItem, context: NormaliseContext): NormalisedItem {
  try {
    return { piece: normaliseItem(raw, context) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Normalises on the calling thread. */
export function inlineNormaliser(): ItemNormaliser {
  return {
    normalise: async (items, context) => items.map((raw) => normaliseOne(raw, context)),
    close: async () => {},
  };
}

export interface ThreadNormaliserOptions {
  /**
   * The thread's old-generation limit in MB. Past it the thread alone stops (V8 ends an isolate that outgrows its
   * limit), the feed it held reports its items as failed, and the next feed gets a new thread: a hostile feed whose
   * markup blows up in the sanitiser cannot take the process down. Default: V8's own limit.
   */
  maxOldGenerationSizeMb?: number;
}

const WORKER_URL = new URL('./normalise-worker.ts', import.meta.url);

/**
 * Normalises on one worker thread, started on first use (a run where every feed answers 304 never starts it) and
 * restarted after it stops. Feeds are normalised one at a time in arrival order; the caller bounds how many wait.
 */
export function threadNormaliser(options: ThreadNormaliserOptions = {}): ItemNormaliser {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { count: number; resolve: (results: NormalisedItem[]) => void }>();

  const failAll = (reason: string): void => {
    for (const [id, request] of pending) {
      pending.delete(id);
      request.resolve(Array.from({ length: request.count }, () => ({ error: reason })));
    }
  };
  const start = (): Worker => {
    const thread = new Worker(WORKER_URL, {
      // Not this process's Node options (`--input-type`, a user's `--import` preload): the thread runs this one module.
      // V8's flags (the heap sizing of bin/v8-flags.js) are the process's and apply to it all the same.
      execArgv: [],
      ...(options.maxOldGenerationSizeMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } }),
    });
    thread.on('message', (response: NormaliseResponse) => {
      const request = pending.get(response.id);
      if (request === undefined) return;
      pending.delete(response.id);
      if (pending.size === 0) thread.unref();
      request.resolve(response.results);
    });
    const stopped = (reason: string): void => {
      if (worker !== thread) return;
      worker = null;
      failAll(reason);
    };
    thread.on('error', (error: Error & { code?: string }) =>
      stopped(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? "normalising stopped: the feed's items needed more memory than the normaliser may use"
        : `normalising stopped: ${error.message}`));
    thread.on('exit', (code) => stopped(`normalising stopped: the normaliser thread exited (code ${code})`));
    return thread;
  };

  return {
    normalise(items, context) {
      if (items.length === 0) return Promise.resolve([]);
      worker ??= start();
      const thread = worker;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { count: items.length, resolve });
        // Held open while a feed is with the thread, so a process with nothing else to wait on still gets its answer.
        thread.ref();
        thread.postMessage({ id, items, context } satisfies NormaliseRequest);
      });
    },
    async close() {
      const thread = worker;
      worker = null;
      failAll('normalising stopped: the ingest run closed');
      if (thread !== null) await thread.terminate();
    },
  };
}

/**
 * The normaliser an ingest run uses by default: its own thread when the machine has a second core to run it on,
 * else the calling thread (a thread there would only cost its memory).
 */
export function defaultNormaliser(): ItemNormaliser {
  return availableParallelism() > 1 ? threadNormaliser() : inlineNormaliser();
}
