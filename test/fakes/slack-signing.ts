/**
 * Signed requests to a Bolt HTTP receiver (`POST /slack/events`), as Slack sends them.
 *
 * Signature: `x-slack-signature: v0=` + hex HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`), with
 * `x-slack-request-timestamp: <unix seconds>`. Bolt rejects (401, empty body) a missing header, a bad
 * signature, or a timestamp more than 5 minutes in the past (future timestamps are NOT rejected).
 */
import { createHmac } from 'node:crypto';
import {
  eventCallback,
  slashCommandPayload,
  type EventCallbackOptions,
  type SlashCommandFields,
} from './slack-payloads.ts';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Computes the two Slack signing headers for a raw body. */
export function signSlackRequest(secret: string, body: string, timestampSec: number = nowSec()): SlackSignatureHeaders {
  const ts = String(timestampSec);
  const hash = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': ts };
}

/** Ways to spoil a signed request, for negative tests. */
export interface SignedPostOptions {
  /** Sign with this secret instead of the real one (a forged signature). */
  forgeWithSecret?: string;
  /** Replace the signature with garbage (`v0=000…`). */
  forgeSignature?: boolean;
  /** Sign with a timestamp this many seconds in the past (360 = six minutes → stale). */
  staleBySec?: number;
  /** Use exactly this timestamp (seconds). */
  timestampSec?: number;
  /** Drop both signing headers (`true`) or just one of them. */
  omitHeaders?: boolean | 'signature' | 'timestamp';
  /** Change the body after it was signed (e.g. swap the text of a slash command). */
  alterBodyAfterSigning?: (body: string) => string;
  /** Extra headers (e.g. `x-slack-retry-num`). */
  headers?: Record<string, string>;
}

export interface SignedPostResult {
  status: number;
  headers: Headers;
  /** Raw response text ('' for Bolt's 401 / empty acks). */
  text: string;
  /** Parsed JSON when the response is JSON. */
  json: unknown;
}

/** POSTs `body` with the given content type, signed (or deliberately mis-signed) per `opts`. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const ts = opts.timestampSec ?? nowSec() - (opts.staleBySec ?? 0);
  const signed = signSlackRequest(opts.forgeWithSecret ?? secret, body, ts);
  if (opts.forgeSignature) signed['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  const headers: Record<string, string> = { 'content-type': contentType, ...opts.headers };
  if (opts.omitHeaders !== true && opts.omitHeaders !== 'signature') headers['x-slack-signature'] = signed['x-slack-signature'];
  if (opts.omitHeaders !== true && opts.omitHeaders !== 'timestamp') {
    headers['x-slack-request-timestamp'] = signed['x-slack-request-timestamp'];
  }
  const sent = opts.alterBodyAfterSigning ? opts.alterBodyAfterSigning(body) : body;
  const res = await fetch(url, { method: 'POST', headers, body: sent });
  const text = await res.text();
  let json: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json') && text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Signed form-encoded slash command. Missing fields get defaults from `slashCommandPayload`. */
export function postSlashCommand(
  url: string,
  secret: string,
  fields: SlashCommandFields,
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const body = new URLSearchParams(slashCommandPayload(fields)).toString();
  return postSigned(url, secret, body, 'application/x-www-form-urlencoded', opts);
}

/** Signed JSON body (e.g. `{type:'url_verification', challenge, token}` or a hand-built event_callback). */
export function postSignedJson(
  url: string,
  secret: string,
  payload: unknown,
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  return postSigned(url, secret, JSON.stringify(payload), 'application/json', opts);
}

/** Signed Events API callback wrapping `event` (e.g. `reactionAddedEvent(...)`). */
export function postEvent(
  url: string,
  secret: string,
  event: Record<string, unknown>,
  meta: EventCallbackOptions = {},
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  return postSignedJson(url, secret, eventCallback(event, meta), opts);
}

/** Signed interactive payload (`payload=<json>` form), e.g. a `blockActionsPayload(...)`. */
export function postInteraction(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, secret, body, 'application/x-www-form-urlencoded', opts);
}
