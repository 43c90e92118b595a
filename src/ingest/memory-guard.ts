import { getHeapStatistics } from 'node:v8';

/** The process's memory as the guard reads it, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapLimit: number;
}

/** Says when the process is too close to its memory limit to start or go on with full-text work. */
export interface MemoryGuard {
  /** Why full-text work must be shed now ("resident memory 1.1 GB ≥ the 1 GB limit"), or null. */
  pressure(): string | null;
}

export interface MemoryGuardOptions {
  /** Resident set size above which full-text work is shed (config `ingest.memoryLimitMb`). */
  limitMb: number;
  /** Share of V8's heap limit above which it is shed too: past the heap limit the process dies, whatever the RSS. */
  heapShare?: number;
  /** Reads memory; tests inject pressure. */
  usage?: () => MemoryUsage;
}

const readUsage = (): MemoryUsage => {
  const heap = getHeapStatistics();
  return { rss: process.memoryUsage.rss(), heapUsed: heap.used_heap_size, heapLimit: heap.heap_size_limit };
};

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * A guard over the whole process (it reads the process's memory, so every ingest run and source shares what it
 * sees). Article pages are the one part of ingest whose memory grows with what a site sends, so they are what it sheds.
 */
export function createMemoryGuard(options: MemoryGuardOptions): MemoryGuard {
  const usage = options.usage ?? readUsage;
  const limit = options.limitMb * 1024 * 1024;
  const heapShare = options.heapShare ?? 0.75;
  return {
    pressure() {
      const now = usage();
      if (now.rss >= limit) return `resident memory ${mb(now.rss)} ≥ the ${mb(limit)} limit (ingest.memoryLimitMb)`;
      if (now.heapUsed >= now.heapLimit * heapShare) return `JavaScript heap ${mb(now.heapUsed)} ≥ ${Math.round(heapShare * 100)}% of its ${mb(now.heapLimit)} limit`;
      return null;
    },
  };
}
