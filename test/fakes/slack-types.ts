/** Public types of the fake Slack (see slack-server.ts). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Chaos, ChaosOptions } from './chaos.ts';
import type { FakeEphemeral, FakeSlackMessage, FakeSlackUser } from './slack-methods.ts';
import type { EnvelopeAck, EnvelopeType, FakeEnvelope, SendEnvelopeOptions } from './slack-socket.ts';

export interface FakeSlackOptions {
  /** Per-user overrides for users.info, e.g. `{ U1: { is_admin: true } }`. Unknown U… ids get a plain member. */
  users?: Record<string, Partial<FakeSlackUser>>;
  /** If given, only these channels (plus DMs from conversations.open) exist; others → channel_not_found. */
  channels?: string[];
  /** Enforce ~`perSecond` chat.postMessage per channel with a bucket of `burst` (429 + Retry-After beyond). */
  rateLimit?: boolean | { perSecond?: number; burst?: number };
  /**
   * Answer a seeded share of chat.postMessage calls with HTTP 500 or 429 + Retry-After, drawn per channel so each
   * channel's faults are reproducible whatever the interleaving (see chaos.ts). The message is stored, and its answer
   * then lost, for `rateLost` (answered 500), `rateDropped` (connection destroyed, no answer) and `rateSlow` (answered
   * after `slowMs`).
   */
  chaos?: ChaosOptions;
  /**
   * Bot scopes the token lacks: conversations.history answers `missing_scope` (with `needed`) when the scope for that
   * conversation is listed (`channels:history` for C…, `groups:history` for G…, `im:history` for D…,
   * `mpim:history` for group DMs). See `setScope`.
   */
  revokedScopes?: string[];
  /** Channels whose chat.postMessage answers this error (e.g. `{ C1: 'not_in_channel' }`); see `setChannelError`. */
  channelErrors?: Record<string, string>;
  /** Delay every Web API / response_url answer by this many ms. */
  latencyMs?: number;
  /** Socket Mode ack timeout for sendEnvelope (default 3000 ms). */
  ackTimeoutMs?: number;
  teamId?: string;
  botUserId?: string;
  botId?: string;
}

/**
 * `429`, `500` and `error` answer without carrying the method out; `lost` (answered 500), `dropped` (connection
 * destroyed, no answer) and `slow` (answered after `slowMs`) carry it out first (the message is stored).
 */
export type FaultKind = '429' | '500' | 'error' | 'lost' | 'dropped' | 'slow';

export interface FaultSpec {
  /** Web API method (`chat.postMessage`), `response_url`, or `*` for any. */
  method: string;
  kind: FaultKind;
  /** For kind 'error': the `error` code (default `internal_error`). */
  error?: string;
  /** For kind '429': the Retry-After header in seconds (default 1). */
  retryAfterSec?: number;
  /** For kind 'slow': how long the answer waits, ms (default 1000). */
  slowMs?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeSlackCall {
  /** `chat.postMessage`, … or `response_url`. */
  method: string;
  /** The decoded body as sent (form fields are strings; `blocks` is still a JSON string). */
  body: Record<string, unknown>;
  /** `body` with `blocks`, `attachments`, `metadata`, `unfurls` JSON strings parsed into objects. */
  parsed: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Bearer token from Authorization, else the `token` body field. */
  token?: string;
  /** For response_url calls: the id in `/response/<id>`. */
  responseId?: string;
  at: number;
  /** HTTP status and JSON answered (filled in once answered). */
  status?: number;
  response?: unknown;
  /**
   * Set when this call was failed on purpose (failNext), by rate-limit mode or by chaos. `chaos-lost`,
   * `chaos-dropped` and `chaos-slow` posts were stored; a dropped call has `status` 0 (no answer was sent).
   */
  fault?: FaultKind | 'ratelimit' | 'chaos-500' | 'chaos-429' | 'chaos-lost' | 'chaos-dropped' | 'chaos-slow' | 'channel-error';
}

export interface FakeSlackCounters {
  requests: number;
  count429: number;
  count500: number;
  countError: number;
}

export interface FakeSlack {
  apiUrl: string;
  baseUrl: string;
  port: number;
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
  calls: FakeSlackCall[];
  counters: FakeSlackCounters;
  callsTo(method: string): FakeSlackCall[];
  /** Resolves with the answered calls to `method` once there are at least `count` (default 1). */
  waitForCall(method: string, opts?: { count?: number; timeoutMs?: number }): Promise<FakeSlackCall[]>;
  /** Messages chat.postMessage created in `channel` (updated in place by chat.update / reactions). */
  messagesIn(channel: string): FakeSlackMessage[];
  /** The id of the bot's DM with `user`, once conversations.open made it. */
  dmChannelOf(user: string): string | undefined;
  ephemerals: FakeEphemeral[];
  /** URL of a fake response_url; POSTs to it are recorded as calls with method `response_url`. */
  responseUrl(id?: string): string;
  responsesTo(id: string): FakeSlackCall[];
  setUser(id: string, patch: Partial<FakeSlackUser>): FakeSlackUser;
  failNext(spec: FaultSpec): void;
  /** Grant (`true`) or revoke (`false`) a bot scope; only the history scopes are checked (see `revokedScopes`). */
  setScope(scope: string, granted: boolean): void;
  /** From now on chat.postMessage to `channel` answers `error` (`undefined` heals it). */
  setChannelError(channel: string, error: string | undefined): void;
  /** The chaos mode's draws, when `opts.chaos` was given (keys are channel ids). */
  chaos?: Chaos;
  clearFaults(): void;
  /** Forget recorded calls, messages and counters (not users or faults). */
  reset(): void;
  // Socket Mode
  sendEnvelope(type: EnvelopeType, payload: unknown, opts?: SendEnvelopeOptions): Promise<EnvelopeAck>;
  envelopes: FakeEnvelope[];
  unackedEnvelopes(): FakeEnvelope[];
  socketConnections(): number;
  socketConnectCount(): number;
  /** Server-side view: resolves when a socket is open and `hello` was sent (the client may not have read it yet). */
  waitForSocket(timeoutMs?: number): Promise<void>;
  waitForNoSocket(timeoutMs?: number): Promise<void>;
  sendDisconnect(reason?: string): void;
  dropSockets(): void;
  close(): Promise<void>;
}
