/**
 * Socket Mode half of the fake: a `ws` server attached (noServer) to the fake's HTTP server.
 *
 * Flow, as @slack/socket-mode 2.x expects it:
 *  1. the client POSTs `apps.connections.open` with its xapp- token → `{ok:true, url:'ws://…/link/?ticket=…'}`
 *  2. it opens the WebSocket; we send `{type:'hello', num_connections, debug_info, connection_info}`
 *     (the client resolves `start()` on `hello`);
 *  3. we send envelopes `{envelope_id, type, payload, accepts_response_payload}`; the client acks with
 *     `{envelope_id, payload}` (`payload` is `{}` for a bare `ack()`).
 * `{type:'disconnect', reason}` makes the client close and reconnect after `clientPingTimeout` (5 s by default).
 * The client pings every ~1.7 s; `ws` answers pings automatically.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface EnvelopeAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
  sentAt: number;
  ack?: EnvelopeAck;
  ackedAt?: number;
}

export interface SendEnvelopeOptions {
  /** Reject if no ack arrives within this many ms (default: the hub's ackTimeoutMs, 3000). */
  timeoutMs?: number;
  /** Defaults to true for slash_commands and interactive, false for events_api (as Slack does). */
  acceptsResponsePayload?: boolean;
  /** Adds `retry_attempt` / `retry_reason` like a Slack redelivery. */
  retryAttempt?: number;
  retryReason?: string;
  /**
   * Which open connection gets it, in the order they connected (0 = the oldest still open); default the newest. Slack
   * hands each envelope to ONE of an app's open connections (a redelivery may go to another), so with several processes
   * each sees only some of the events.
   */
  connection?: number;
}

interface Pending {
  resolve: (ack: EnvelopeAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class SocketModeHub {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly envelopes: FakeEnvelope[] = [];
  /** Every non-ack text frame the client sent (there should be none). */
  readonly otherMessages: unknown[] = [];
  connectCount = 0;
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private waiters: Array<() => void> = [];
  private seq = 0;

  constructor(
    private readonly appId: string,
    private readonly ackTimeoutMs: number,
  ) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** A fresh one-use WebSocket URL for apps.connections.open. */
  issueUrl(port: number): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Node `upgrade` handler. Unknown path or ticket → 401 and the socket is destroyed. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get openConnections(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  private onConnection(ws: WebSocket): void {
    this.connectCount += 1;
    this.sockets.push(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        this.otherMessages.push(data.toString());
        return;
      }
      const id = (msg as { envelope_id?: unknown }).envelope_id;
      const env = typeof id === 'string' ? this.envelopes.find((e) => e.envelope_id === id) : undefined;
      if (!env) {
        this.otherMessages.push(msg);
        return;
      }
      env.ack = msg as EnvelopeAck;
      env.ackedAt = Date.now();
      const p = this.pending.get(env.envelope_id);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(env.envelope_id);
        p.resolve(env.ack);
      }
    });
    ws.on('close', () => {
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
      this.notify();
    });
    ws.on('error', () => undefined);
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections,
        debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.notify();
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `predicate()` holds (checked on every connect/close), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake slack: timed out waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Sends an envelope to the newest open connection and resolves with the client's ack. */
  sendEnvelope(type: EnvelopeType, payload: unknown, opts: SendEnvelopeOptions = {}): Promise<EnvelopeAck> {
    const open = this.sockets.filter((s) => s.readyState === WebSocket.OPEN);
    const ws = opts.connection === undefined ? open.at(-1) : open[opts.connection];
    if (!ws) return Promise.reject(new Error(`fake slack: no open Socket Mode connection${opts.connection === undefined ? '' : ` #${opts.connection}`}`));
    this.seq += 1;
    const env: FakeEnvelope = {
      envelope_id: `${String(this.seq).padStart(4, '0')}-${randomUUID()}`,
      type,
      payload,
      accepts_response_payload: opts.acceptsResponsePayload ?? type !== 'events_api',
      sentAt: Date.now(),
    };
    this.envelopes.push(env);
    const frame: Record<string, unknown> = {
      envelope_id: env.envelope_id,
      type,
      payload,
      accepts_response_payload: env.accepts_response_payload,
    };
    if (opts.retryAttempt !== undefined) frame.retry_attempt = opts.retryAttempt;
    if (opts.retryReason !== undefined) frame.retry_reason = opts.retryReason;
    const timeoutMs = opts.timeoutMs ?? this.ackTimeoutMs;
    return new Promise<EnvelopeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(env.envelope_id);
        reject(new Error(`fake slack: envelope ${env.envelope_id} (${type}) not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(env.envelope_id, { resolve, reject, timer });
      ws.send(JSON.stringify(frame));
    });
  }

  unackedEnvelopes(): FakeEnvelope[] {
    return this.envelopes.filter((e) => e.ack === undefined);
  }

  /** Sends Slack's `disconnect` message (e.g. `refresh_requested`, `warning`, `link_disabled`) to every socket. */
  sendDisconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
      }
    }
  }

  /** Kills every socket without a close handshake (a network drop). */
  dropConnections(): void {
    for (const ws of [...this.sockets]) ws.terminate();
  }

  close(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`fake slack: closed before envelope ${id} was acked`));
    }
    this.pending.clear();
    this.dropConnections();
    this.wss.close();
    this.notify();
  }
}
