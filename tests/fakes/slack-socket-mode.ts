import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Slack Socket Mode endpoint on 127.0.0.1 for the real Bolt SocketModeReceiver (@slack/socket-mode).
 * Pair it with the fake Web API: `startFakeSlack({ socketMode: fakeSocket })` makes apps.connections.open
 * answer `{ ok: true, url }` with a single-use ticket minted here, as Slack does.
 *
 * Protocol (docs.slack.dev/apis/events-api/using-socket-mode): the client opens a WebSocket to that URL;
 * an unknown or reused ticket is refused at the upgrade. The server greets with `hello`; it delivers each
 * payload in an envelope `{ envelope_id, payload, type, accepts_response_payload }` (plus `retry_attempt`
 * and `retry_reason` on a redelivery); the client acknowledges with `{ envelope_id, payload? }` within
 * 3 seconds. `{ type: 'disconnect', reason: 'refresh_requested' }` asks the client to reconnect with a
 * fresh URL. Server pings are not sent (ws answers the client's pings with pongs).
 */

/** Slack's deadline for acknowledging an envelope; a slash command not acked in time shows the user an error. */
export const ACK_DEADLINE_MS = 3000;

/** One acknowledgement as the client sent it. */
export interface SocketModeAck {
  envelope_id: string;
  /** The ack's payload (`{}` for a bare ack), or undefined when the client sent none. */
  payload: Record<string, unknown> | undefined;
  /** Milliseconds from sending the envelope to receiving the ack. */
  afterMs: number;
  /** The connection it arrived on. */
  connection: number;
}

/** One WebSocket connection from the client. */
export interface FakeSocketConnection {
  /** 1, 2, … in connection order. */
  id: number;
  ticket: string;
  /** The close code once closed (1000 when the client closed normally). */
  closeCode: number | undefined;
  /** Resolves with the close code when the connection closes. */
  closed: Promise<number>;
  /** Every text frame the client sent on this connection, parsed. */
  received: unknown[];
}

/** The form fields of a slash command, as Socket Mode delivers them (JSON strings, not a form body). */
export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  team_id: string;
  response_url: string;
  trigger_id: string;
  [field: string]: string;
}

export interface EnvelopeOptions {
  /** Reuse an envelope id to redeliver; a fresh UUID by default. */
  envelopeId?: string;
  /** Set on a redelivery (1, 2, …), with `retryReason`. */
  retryAttempt?: number;
  retryReason?: string;
  /** Which connection to deliver on; the newest open one by default. */
  connection?: number;
}

export interface FakeSocketModeOptions {
  appToken?: string;
  appId?: string;
}

export interface FakeSocketMode {
  /** The app-level token apps.connections.open accepts (pass the fake to startFakeSlack's `socketMode`). */
  appToken: string;
  appId: string;
  /** Mints a single-use `ws://127.0.0.1:P/link/?ticket=…&app_id=…` URL, as apps.connections.open returns. */
  openConnection(): string;
  /** URLs minted so far. */
  issued: string[];
  connections: FakeSocketConnection[];
  /** Open connections right now. */
  openConnections(): FakeSocketConnection[];
  /** Resolves once connection `n` (1-based; the first by default) has been greeted with hello. */
  waitForConnection(n?: number, timeoutMs?: number): Promise<FakeSocketConnection>;
  /** Every envelope sent, in order. */
  envelopes: Record<string, unknown>[];
  /** Every ack received, in order. */
  acks: SocketModeAck[];
  /**
   * Delivers `/command text` as a `slash_commands` envelope and resolves with the client's ack, or rejects
   * if none arrives within Slack's 3 s deadline or there is no open connection.
   */
  sendSlashCommand(fields: SlashCommandFields, options?: EnvelopeOptions): Promise<SocketModeAck>;
  /**
   * Delivers an Events API callback (tests/fakes/slack-api.ts builds them) as an `events_api` envelope and resolves
   * with the client's ack, or rejects without one within 3 s.
   */
  sendEvent(callback: Record<string, unknown>, options?: EnvelopeOptions): Promise<SocketModeAck>;
  /** Sends `{ type: 'disconnect', reason }` on every open connection, as Slack does before recycling it. */
  disconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 port 0. Always `close()` it. */
export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appToken = options.appToken ?? 'xapp-1-A0APP-1-fake-app-token';
  const appId = options.appId ?? 'A0APP';
  const tickets = new Set<string>();
  const issued: string[] = [];
  const connections: FakeSocketConnection[] = [];
  const sockets = new Map<number, WebSocket>();
  const envelopes: Record<string, unknown>[] = [];
  const acks: SocketModeAck[] = [];
  const ackWaiters: { envelopeId: string; sentAt: number; resolve: (ack: SocketModeAck) => void }[] = [];
  const connectionWaiters: { n: number; resolve: (connection: FakeSocketConnection) => void }[] = [];
  const greeted = new Set<number>();

  const server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      // A ticket is good for one connection; Slack refuses a reused or made-up one at the handshake.
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, ticket));
  });

  const accept = (ws: WebSocket, ticket: string): void => {
    const id = connections.length + 1;
    let onClose: (code: number) => void = () => undefined;
    const connection: FakeSocketConnection = {
      id,
      ticket,
      closeCode: undefined,
      closed: new Promise<number>((resolve) => {
        onClose = resolve;
      }),
      received: [],
    };
    connections.push(connection);
    sockets.set(id, ws);
    ws.on('close', (code) => {
      connection.closeCode = code;
      sockets.delete(id);
      onClose(code);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        connection.received.push(String(data));
        return;
      }
      connection.received.push(frame);
      const message = frame as { envelope_id?: unknown; payload?: unknown };
      if (typeof message.envelope_id !== 'string') return;
      const waiter = ackWaiters.find((w) => w.envelopeId === message.envelope_id);
      const ack: SocketModeAck = {
        envelope_id: message.envelope_id,
        payload: typeof message.payload === 'object' && message.payload !== null ? (message.payload as Record<string, unknown>) : undefined,
        afterMs: waiter === undefined ? Number.NaN : Date.now() - waiter.sentAt,
        connection: id,
      };
      acks.push(ack);
      if (waiter) {
        ackWaiters.splice(ackWaiters.indexOf(waiter), 1);
        waiter.resolve(ack);
      }
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: sockets.size,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: appId },
    }));
    greeted.add(id);
    for (const waiter of connectionWaiters.filter((w) => w.n === id)) waiter.resolve(connection);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  /** Sends an envelope on a connection and waits for its ack (Slack's 3 s deadline). */
  const deliver = (envelope: Record<string, unknown>, what: string, connection: number | undefined): Promise<SocketModeAck> => {
    const target = connection ?? openConnections().at(-1)?.id;
    const ws = target === undefined ? undefined : sockets.get(target);
    if (ws === undefined) return Promise.reject(new Error(`fake socket mode: no open connection to deliver ${what} on`));
    const envelopeId = String(envelope['envelope_id']);
    envelopes.push(envelope);
    return new Promise<SocketModeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        ackWaiters.splice(ackWaiters.findIndex((w) => w.resolve === done), 1);
        reject(new Error(`fake socket mode: envelope ${envelopeId} (${what}) not acknowledged within ${ACK_DEADLINE_MS} ms`));
      }, ACK_DEADLINE_MS);
      const done = (ack: SocketModeAck): void => {
        clearTimeout(timer);
        resolve(ack);
      };
      ackWaiters.push({ envelopeId, sentAt: Date.now(), resolve: done });
      ws.send(JSON.stringify(envelope));
    });
  };

  const openConnections = (): FakeSocketConnection[] => connections.filter((c) => sockets.has(c.id));

  return {
    appToken,
    appId,
    issued,
    connections,
    envelopes,
    acks,
    openConnection() {
      const ticket = randomUUID();
      tickets.add(ticket);
      const url = `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}`;
      issued.push(url);
      return url;
    },
    openConnections,
    waitForConnection(n = 1, timeoutMs = 5000) {
      const existing = connections[n - 1];
      if (existing && greeted.has(n)) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          connectionWaiters.splice(connectionWaiters.findIndex((w) => w.resolve === done), 1);
          reject(new Error(`fake socket mode: no connection #${n} within ${timeoutMs} ms (${connections.length} so far, ${issued.length} URLs issued)`));
        }, timeoutMs);
        const done = (connection: FakeSocketConnection): void => {
          clearTimeout(timer);
          connectionWaiters.splice(connectionWaiters.findIndex((w) => w.resolve === done), 1);
          resolve(connection);
        };
        connectionWaiters.push({ n, resolve: done });
      });
    },
    sendSlashCommand(fields, envelopeOptions = {}) {
      const payload = {
        token: 'deprecated-verification-token',
        team_domain: 'fake',
        channel_name: 'digest',
        user_name: fields.user_id,
        api_app_id: appId,
        is_enterprise_install: 'false',
        ...fields,
      };
      return deliver({
        envelope_id: envelopeOptions.envelopeId ?? randomUUID(),
        payload,
        type: 'slash_commands',
        accepts_response_payload: true,
        ...(envelopeOptions.retryAttempt === undefined ? {} : { retry_attempt: envelopeOptions.retryAttempt, retry_reason: envelopeOptions.retryReason ?? 'timeout' }),
      }, `${fields.command} ${fields.text}`, envelopeOptions.connection);
    },
    sendEvent(callback, envelopeOptions = {}) {
      const event = (callback['event'] ?? {}) as { type?: unknown };
      return deliver({
        envelope_id: envelopeOptions.envelopeId ?? randomUUID(),
        payload: callback,
        type: 'events_api',
        accepts_response_payload: false,
        ...(envelopeOptions.retryAttempt === undefined ? { retry_attempt: 0, retry_reason: '' } : { retry_attempt: envelopeOptions.retryAttempt, retry_reason: envelopeOptions.retryReason ?? 'timeout' }),
      }, `${String(event.type)} event`, envelopeOptions.connection);
    },
    disconnect(reason = 'refresh_requested') {
      for (const ws of sockets.values()) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
    },
    async close() {
      for (const ws of sockets.values()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
