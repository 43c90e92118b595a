import { describe, expect, it } from 'vitest';
import { startHealthServer, type HealthCheck } from '../../src/health/health-server.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { LATEST_SCHEMA_VERSION as LATEST } from '../../src/store/migrations/index.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';

async function get(port: number, path = '/healthz'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('/healthz', () => {
  it('reports store and adapters, 200 when all pass and 503 when one fails or while stopping', async () => {
    const store = await createSqliteStore({ path: ':memory:' });
    let discordUp = true;
    const checks: HealthCheck[] = [
      { name: 'store', check: async () => ({ ok: true, detail: `${store.kind} schema v${await store.schemaVersion()}` }) },
      { name: 'discord', check: async () => (discordUp ? { ok: true } : { ok: false, detail: 'gateway disconnected' }) },
      { name: 'hangs', check: () => new Promise(() => undefined) },
    ];
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', checks: checks.slice(0, 2), logger: silentLogger() });
    try {
      expect(await get(server.port)).toEqual({ status: 200, body: { status: 'ok', checks: { store: { ok: true, detail: `sqlite schema v${LATEST}` }, discord: { ok: true } } } });
      discordUp = false;
      expect(await get(server.port)).toMatchObject({ status: 503, body: { status: 'degraded', checks: { discord: { ok: false, detail: 'gateway disconnected' } } } });
      discordUp = true;
      server.markStopping();
      expect(await get(server.port)).toMatchObject({ status: 503, body: { status: 'stopping' } });
      expect((await get(server.port, '/other')).status).toBe(404);
    } finally {
      await server.close();
    }
    const slow = await startHealthServer({ port: 0, host: '127.0.0.1', checks, logger: silentLogger(), timeoutMs: 20 });
    try {
      await store.close();
      const { status, body } = await get(slow.port);
      expect(status).toBe(503);
      expect(body).toMatchObject({ checks: { store: { ok: false }, hangs: { ok: false, detail: 'no answer within 20 ms' } } });
    } finally {
      await slow.close();
    }
  });
});
