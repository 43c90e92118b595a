import { describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/health/health-server.ts';
import { createStatusRegistry } from '../../src/health/status-registry.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { LATEST_SCHEMA_VERSION as LATEST } from '../../src/store/migrations/index.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';

async function get(port: number, path = '/healthz', method = 'GET'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') && text !== '' ? JSON.parse(text) : text };
}

describe('health endpoints', () => {
  it('/healthz and /readyz: 200 when every critical component is ok, 503 with the reason otherwise and while stopping; /livez stays 200', async () => {
    const store = await createSqliteStore({ path: ':memory:' });
    const registry = createStatusRegistry();
    registry.probe('store', async () => ({ ok: true, detail: `${store.kind} schema v${await store.schemaVersion()}` }));
    registry.set('discord', { ok: true, detail: 'gateway ready' });
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', registry, logger: silentLogger() });
    try {
      const ok = { status: 'ok', ready: true, checks: { store: { ok: true, detail: `sqlite schema v${LATEST}` }, discord: { ok: true, detail: 'gateway ready' } } };
      expect(await get(server.port)).toEqual({ status: 200, body: ok });
      expect(await get(server.port, '/readyz')).toEqual({ status: 200, body: ok });
      registry.set('discord', { ok: false, detail: 'Discord is unreachable at https://discord.com/api: host not found', kind: 'unreachable' });
      expect(await get(server.port)).toMatchObject({ status: 503, body: { status: 'degraded', ready: false, checks: { discord: { ok: false, kind: 'unreachable', detail: expect.stringContaining('host not found') } } } });
      expect(await get(server.port, '/livez')).toEqual({ status: 200, body: { status: 'alive' } });
      registry.set('discord', { ok: true, detail: 'gateway ready' });
      await store.close();
      expect(await get(server.port)).toMatchObject({ status: 503, body: { checks: { store: { ok: false } } } });
      registry.markStopping();
      expect(await get(server.port, '/readyz')).toMatchObject({ status: 503, body: { status: 'stopping', ready: false } });
      expect(await get(server.port, '/livez')).toEqual({ status: 200, body: { status: 'stopping' } });
      expect((await get(server.port, '/healthz', 'HEAD')).status).toBe(503);
      expect((await get(server.port, '/other')).status).toBe(404);
      expect((await get(server.port, '/healthz', 'POST')).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('a port already in use is a clear error naming health.port', async () => {
    const registry = createStatusRegistry();
    const first = await startHealthServer({ port: 0, host: '127.0.0.1', registry, logger: silentLogger() });
    try {
      await expect(startHealthServer({ port: first.port, host: '127.0.0.1', registry, logger: silentLogger() })).rejects.toMatchObject({
        message: `the health port ${first.port} is already in use`,
        hint: expect.stringContaining('health.port'),
      });
    } finally {
      await first.close();
    }
  });
});
