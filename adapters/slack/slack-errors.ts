import type { SendOutcome } from '../../src/model.ts';

/** What a failed Web API call means for paperboy (docs/decisions/042 and 084). */
export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** This destination is gone or closed to the bot: stop delivering to it. */
  | { kind: 'permanent'; reason: string }
  /** Slack answered with an error, or the connection never opened: certainly not done; worth another try. */
  | { kind: 'transient'; reason: string }
  /** The request may have been carried out (timed out, connection lost mid-request, a 5xx, Slack's internal_error). */
  | { kind: 'unknown'; reason: string }
  /** The bot token cannot do this anywhere (revoked, missing scope, workspace suspended…): not one destination's fault. */
  | { kind: 'token'; reason: string }
  /** Slack refused our message itself (blocks, length, metadata): the same payload fails in every destination. */
  | { kind: 'refused'; reason: string };

/** Slack error codes that close one destination for good. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'no_permission',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'user_not_found',
  'user_disabled',
  'user_not_visible',
]);

/**
 * The bot token (or the app-level token at start-up) cannot be used at all, or not for this kind of call: every
 * destination would fail alike, so none is closed (docs/decisions/084).
 */
export const TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'not_allowed_token_type',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  'accesslimited',
]);

/** Our blocks or text were refused (a rendering bug, or a thumbnail Slack could not fetch: see `postMessage`). */
export const CONTENT_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'no_text']);

/** Our message metadata was refused: the same for every destination. */
export const METADATA_ERRORS: ReadonlySet<string> = new Set(['invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large', 'metadata_must_be_sent_from_app']);

/** Error answers after which Slack says "it's possible some aspect of the operation succeeded". */
const MAYBE_DONE_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error']);

/** Network errors raised before the request could reach Slack: nothing was sent. */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface WebApiErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
  original?: { code?: string; message?: string };
}

/** The Slack error code of a failed call (`channel_not_found`), or undefined if it was not a platform error. */
export const slackErrorCode = (err: unknown): string | undefined => (err as WebApiErrorShape | undefined)?.data?.error;

/** Classifies an error thrown by a WebClient built with `rejectRateLimitedCalls: true` and no retries. */
export function classifySlackError(err: unknown): SlackFailure {
  const e = (err ?? {}) as WebApiErrorShape;
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  const code = slackErrorCode(err);
  if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'rate-limited', retryAfterMs: 1_000 };
  if (code && PERMANENT_ERRORS.has(code)) return { kind: 'permanent', reason: code };
  if (code && TOKEN_ERRORS.has(code)) return { kind: 'token', reason: code };
  if (code && (CONTENT_ERRORS.has(code) || METADATA_ERRORS.has(code))) return { kind: 'refused', reason: code };
  if (code && MAYBE_DONE_ERRORS.has(code)) return { kind: 'unknown', reason: code };
  if (code) return { kind: 'transient', reason: code };
  if (e.code === 'slack_webapi_http_error') {
    const status = e.statusCode ?? 0;
    return { kind: status >= 500 ? 'unknown' : 'transient', reason: `http ${status || '?'}` };
  }
  if (e.code === 'slack_webapi_request_error') {
    const cause = e.original?.code ?? e.original?.message ?? 'request error';
    return { kind: e.original?.code && NEVER_SENT.has(e.original.code) ? 'transient' : 'unknown', reason: cause };
  }
  return { kind: 'unknown', reason: e.code ?? e.message ?? 'unknown error' };
}

/** The delivery queue's view of a failure. */
export function outcomeOf(failure: SlackFailure): SendOutcome {
  switch (failure.kind) {
    case 'rate-limited':
      return { ok: false, retryAfterMs: failure.retryAfterMs, reason: 'ratelimited' };
    case 'permanent':
      return { ok: false, permanent: failure.reason };
    case 'token':
      return { ok: false, tokenProblem: failure.reason };
    case 'refused':
      return { ok: false, refused: failure.reason };
    case 'unknown':
      return { ok: false, unknown: failure.reason };
    case 'transient':
      return { ok: false, transient: failure.reason };
  }
}
