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
   * The thread's old-generation limit in MB (default: V8's own). Past it V8 ends the thread alone, and the feeds it
   * held are normalised on the calling thread instead. A limit well above what one feed needs makes the thread
   * collect early rather than let its heap grow with garbage until V8's default limits are reached.
   */
  maxOldGenerationSizeMb?: number;
  /** Told why the thread stopped, when it stops before close(). */
  onStop?: (reason: string) => void;
  /** The thread's module (default: normalise-worker beside this one); tests give one that cannot start. */
  entry?: URL;
}

// Beside this module: the TypeScript source, or the JavaScript a build made of it.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './normalise-worker.ts' : './normalise-worker.js', import.meta.url);

interface Pending {
  items: readonly RawFeedItem[];
  context: NormaliseContext;
  resolve: (results: NormalisedItem[]) => void;
}

/**
 * Normalises on one worker thread, started on first use (a run where every feed answers 304 never starts it).
 * Feeds are normalised one at a time in arrival order; the caller bounds how many wait. If the thread stops (it
 * outgrew its heap limit, or failed), the feeds it held are normalised on the calling thread, so nothing is lost to
 * it, and the next feed starts a new thread; a thread that stops before answering anything is not started again.
 */
export function threadNormaliser(options: ThreadNormaliserOptions = {}): ItemNormaliser {
  const inline = inlineNormaliser();
  let worker: Worker | null = null;
  let usable = true;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const start = (): Worker => {
    const thread = new Worker(options.entry ?? WORKER_URL, {
      // Not this process's Node options (`--input-type`, a user's `--import` preload): the thread runs this one module.
      // V8's flags (the heap sizing of bin/v8-flags.js) are the process's and apply to it all the same.
      execArgv: [],
      ...(options.maxOldGenerationSizeMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } }),
    });
    let answered = false;
    thread.on('message', (response: NormaliseResponse) => {
      const request = pending.get(response.id);
      if (request === undefined) return;
      answered = true;
      pending.delete(response.id);
      if (pending.size === 0) thread.unref();
      request.resolve(response.results);
    });
    const stopped = (reason: string): void => {
      if (worker !== thread) return;
      worker = null;
      if (!answered) usable = false;
      options.onStop?.(reason);
      for (const [id, request] of pending) {
        pending.delete(id);
        request.resolve(request.items.map((raw) => normaliseOne(raw, request.context)));
      }
    };
    thread.on('error', (error: Error & { code?: string }) => stopped(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `a feed needed more than the normaliser thread's ${options.maxOldGenerationSizeMb} MB` : error.message));
    thread.on('exit', (code) => stopped(`the normaliser thread exited (code ${code})`));
    return thread;
  };

  return {
    normalise(items, context) {
      if (items.length === 0) return Promise.resolve([]);
      if (!usable) return inline.normalise(items, context);
      worker ??= start();
      const thread = worker;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { items, context, resolve });
        // Held open while a feed is with the thread, so a process with nothing else to wait on still gets its answer.
        thread.ref();
        thread.postMessage({ id, items, context } satisfies NormaliseRequest);
      });
    },
    async close() {
      const thread = worker;
      worker = null;
      for (const [id, request] of pending) {
        pending.delete(id);
        request.resolve(request.items.map(() => ({ error: 'normalising stopped: the ingest run closed' })));
      }
      if (thread !== null) await thread.terminate();
    },
  };
}

/**
 * The thread's heap limit for feeds of up to `feedMaxBytes` (config ingest.maxBytes): a feed's items with their
 * sanitised HTML and text are about three copies of it (one byte a character); a rarer feed that needs more (two-byte text, markup that
 * expands) is normalised on the calling thread when the thread outgrows the limit. Measured on the 200-feed workload,
 * V8's default limit let the thread's heap fill with garbage up to 35 MB past this one, for no gain in time.
 */
export function threadHeapLimitMb(feedMaxBytes: number): number {
  return Math.max(32, Math.ceil((3 * feedMaxBytes) / 1_048_576));
}

/**
 * The normaliser an ingest run uses by default: its own thread when the machine has a second core to run it on,
 * else the calling thread (a thread there would only cost its memory).
 */
export function defaultNormaliser(options: { feedMaxBytes: number; onStop?: (reason: string) => void }): ItemNormaliser {
  if (availableParallelism() < 2) return inlineNormaliser();
  return threadNormaliser({ maxOldGenerationSizeMb: threadHeapLimitMb(options.feedMaxBytes), ...(options.onStop === undefined ? {} : { onStop: options.onStop }) });
}
