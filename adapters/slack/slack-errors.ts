import type { SendOutcome } from '../../src/model.ts';

/** What a failed Web API call means for paperboy. */
export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** This destination is gone or closed to the bot: stop delivering to it. */
  | { kind: 'permanent'; reason: string }
  /**
   * Worth another try (5xx, network, Slack-side trouble): with the queue's backoff, or after `retryAfterMs` when the
   * wait is known to be long (a token the operator must fix).
   */
  | { kind: 'transient'; reason: string; retryAfterMs?: number };

/** Slack error codes that close one destination for good (see docs/decisions/042). */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'account_inactive',
  'token_revoked',
  'team_access_not_granted',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'user_not_found',
  'user_disabled',
  'user_not_visible',
  'ekm_access_denied',
]);

/** A token the operator must replace: every destination fails alike, so none is closed; retried slowly. */
export const TOKEN_ERRORS: ReadonlySet<string> = new Set(['invalid_auth', 'not_authed']);

/** Our own message was refused (a rendering bug or a thumbnail Slack could not fetch). */
export const CONTENT_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'no_text']);

const TOKEN_MS = 10 * 60_000;

interface WebApiErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

/** The Slack error code of a failed call (`channel_not_found`), or undefined if it was not a platform error. */
export const slackErrorCode = (err: unknown): string | undefined => (err as WebApiErrorShape | undefined)?.data?.error;

/** Classifies an error thrown by a WebClient built with `rejectRateLimitedCalls: true`. */
export function classifySlackError(err: unknown): SlackFailure {
  const e = (err ?? {}) as WebApiErrorShape;
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  const code = slackErrorCode(err);
  if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'rate-limited', retryAfterMs: 1_000 };
  if (code && PERMANENT_ERRORS.has(code)) return { kind: 'permanent', reason: code };
  if (code && TOKEN_ERRORS.has(code)) return { kind: 'transient', reason: code, retryAfterMs: TOKEN_MS };
  if (code) return { kind: 'transient', reason: code };
  if (e.code === 'slack_webapi_http_error') return { kind: 'transient', reason: `http ${e.statusCode ?? '?'}` };
  return { kind: 'transient', reason: e.code ?? e.message ?? 'unknown error' };
}

/** The delivery queue's view of a failure. */
export function outcomeOf(failure: SlackFailure): SendOutcome {
  if (failure.kind === 'permanent') return { ok: false, permanent: failure.reason };
  if (failure.kind === 'rate-limited') return { ok: false, retryAfterMs: failure.retryAfterMs, reason: 'ratelimited' };
  if (failure.retryAfterMs !== undefined) return { ok: false, retryAfterMs: failure.retryAfterMs, reason: failure.reason };
  return { ok: false, transient: failure.reason };
}
