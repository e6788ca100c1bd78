// Fake Discord gateway (JSON encoding, no compression) on a `ws` WebSocketServer.
// Protocol: HELLO(10) → client IDENTIFY(2) → READY dispatch + what `onIdentify` returns; heartbeat(1) → ACK(11);
// RESUME(6) of a known session → RESUMED dispatch, unknown session → INVALID_SESSION(9, d:false).
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { shardOf } from './discord-model.ts';

export interface GatewayConnection {
  ws: WebSocket;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  sessionId: string | null;
}

export interface IdentifyRecord {
  token: string;
  shard: [number, number];
  intents: number;
  at: number;
}

export interface GatewayPayload {
  t: string;
  d: unknown;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Builds READY's `d` plus the dispatches that follow it (GUILD_CREATE per owned guild). */
  onIdentify: (conn: GatewayConnection, sessionId: string) => { ready: Record<string, unknown>; then: GatewayPayload[] };
  /** If set, IDENTIFY with another token is closed with 4004 (Authentication failed). */
  token?: string;
}

const Intent = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
} as const;

/** Which intent a dispatch needs, if any (unlisted events are always sent, like INTERACTION_CREATE). */
function requiredIntent(t: string, d: unknown): number {
  const inGuild = typeof d === 'object' && d !== null && 'guild_id' in d && (d as { guild_id?: unknown }).guild_id != null;
  if (t.startsWith('MESSAGE_REACTION_')) return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  if (t.startsWith('MESSAGE_')) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (t.startsWith('GUILD_') && !t.startsWith('GUILD_MEMBER')) return Intent.Guilds;
  if (t.startsWith('CHANNEL_') || t.startsWith('THREAD_')) return Intent.Guilds;
  return 0;
}

export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly connections = new Set<GatewayConnection>();
  readonly identifies: IdentifyRecord[] = [];
  heartbeats = 0;
  private readonly sessions = new Map<string, { seq: number; shardId: number; shardCount: number; intents: number }>();

  constructor(server: Server, private readonly opts: GatewayOptions) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Identified connections. */
  get shards(): GatewayConnection[] {
    return [...this.connections].filter((c) => c.sessionId !== null);
  }

  private send(conn: GatewayConnection, payload: Record<string, unknown>): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(conn: GatewayConnection, t: string, d: unknown): void {
    conn.seq += 1;
    if (conn.sessionId) {
      const s = this.sessions.get(conn.sessionId);
      if (s) s.seq = conn.seq;
    }
    this.send(conn, { op: 0, t, s: conn.seq, d });
  }

  private onConnection(ws: WebSocket): void {
    const conn: GatewayConnection = { ws, shardId: 0, shardCount: 1, intents: 0, seq: 0, sessionId: null };
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('error', () => this.connections.delete(conn));
    ws.on('message', (raw) => {
      let msg: { op?: number; d?: Record<string, unknown> | null };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.onMessage(conn, msg.op ?? -1, msg.d ?? {});
    });
    this.send(conn, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: GatewayConnection, op: number, d: Record<string, unknown>): void {
    if (op === 1) {
      this.heartbeats += 1;
      this.send(conn, { op: 11 });
      return;
    }
    if (op === 2) {
      const token = String(d.token ?? '');
      const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
      this.identifies.push({ token, shard, intents: Number(d.intents ?? 0), at: Date.now() });
      if (this.opts.token !== undefined && token !== this.opts.token && token !== `Bot ${this.opts.token}`) {
        conn.ws.close(4004, 'Authentication failed.');
        return;
      }
      if (shard[0] >= shard[1]) {
        conn.ws.close(4010, 'Invalid shard.');
        return;
      }
      conn.shardId = shard[0];
      conn.shardCount = shard[1];
      conn.intents = Number(d.intents ?? 0);
      const sessionId = randomBytes(16).toString('hex');
      conn.sessionId = sessionId;
      this.sessions.set(sessionId, { seq: 0, shardId: conn.shardId, shardCount: conn.shardCount, intents: conn.intents });
      const { ready, then } = this.opts.onIdentify(conn, sessionId);
      this.sendDispatch(conn, 'READY', ready);
      for (const p of then) this.sendDispatch(conn, p.t, p.d);
      return;
    }
    if (op === 6) {
      const s = this.sessions.get(String(d.session_id ?? ''));
      if (!s) {
        this.send(conn, { op: 9, d: false, s: null, t: null });
        return;
      }
      Object.assign(conn, { shardId: s.shardId, shardCount: s.shardCount, intents: s.intents, seq: s.seq });
      conn.sessionId = String(d.session_id);
      this.sendDispatch(conn, 'RESUMED', {});
    }
    // op 3 (presence), 4 (voice), 8 (request members) are accepted and ignored.
  }

  /**
   * Send a dispatch. With `shardId`, only to that shard; else if `opts.guildId ?? d.guild_id` is set, to the shard owning the guild;
   * else to every identified connection. Events the connection's intents do not cover are dropped, like Discord does.
   * Returns how many connections it was sent to.
   */
  dispatch(t: string, d: unknown, opts: { shardId?: number; guildId?: string } = {}): number {
    const guildId =
      opts.guildId ??
      (typeof d === 'object' && d !== null && 'guild_id' in d ? (d as { guild_id?: string | null }).guild_id : undefined);
    const need = requiredIntent(t, d);
    let sent = 0;
    for (const conn of this.shards) {
      if (opts.shardId !== undefined) {
        if (conn.shardId !== opts.shardId) continue;
      } else if (guildId) {
        if (shardOf(guildId, conn.shardCount) !== conn.shardId) continue;
      } else if (t.startsWith('MESSAGE_') || t === 'INTERACTION_CREATE') {
        // DMs go to shard 0, like Discord.
        if (conn.shardId !== 0) continue;
      }
      if (need !== 0 && (conn.intents & need) === 0) continue;
      this.sendDispatch(conn, t, d);
      sent += 1;
    }
    return sent;
  }

  /** Drop every connection with a close code (4000 = resumable unknown error); clients reconnect and RESUME. */
  dropConnections(code = 4000): void {
    for (const c of this.connections) c.ws.close(code, 'fake: dropped');
  }

  close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
