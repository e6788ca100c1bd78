import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendOutcome } from '../../src/model.ts';

/**
 * The bot token itself cannot send, whatever the destination: Unauthorized (40001), verify your account (40002),
 * sending temporarily disabled for the account (40004, e.g. flagged as spam), invalid token (50014), bots cannot use
 * this endpoint (20001). A 401 of any code counts too.
 */
const TOKEN_CODES = new Set([40001, 40002, 40004, 50014, 20001]);

/**
 * This destination is closed: Missing Access (50001), Missing Permissions (50013), Unknown Channel (10003), Unknown
 * Guild (10004), Unknown User (10013), Cannot send messages to this user (50007), a non-text channel (50008), an
 * action not allowed on this channel type (50024), a forum channel (40058), an archived or locked thread (50083,
 * 160005), no voice messages here (50173), explicit content to this recipient (20009), and the guild's AutoMod or
 * harmful-links filter (200000, 240000: that guild's rules, not a rendering bug every guild would meet).
 */
const DESTINATION_CODES = new Set([50001, 50013, 10003, 10004, 10013, 50007, 50008, 50024, 40058, 50083, 160005, 50173, 20009, 200000, 240000]);

/** Thrown by `@discordjs/rest` for a request once a 401 made it drop its token (`setToken(null)`). */
const NO_TOKEN = /Expected token to be set/;

/**
 * Network failures before a connection carried the request (refused, unresolvable host, connect timeout): nothing
 * can have reached Discord. Anything else that breaks a request (a reset, a closed socket, an abort) may have.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

const codeOf = (err: unknown): string | undefined => {
  const own = (err as { code?: unknown }).code;
  const cause = (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof own === 'string' ? own : typeof cause === 'string' ? cause : undefined;
};

function apiOutcome(err: DiscordAPIError): SendOutcome {
  const what = `Discord ${err.status} ${err.code}: ${err.message}`;
  const code = typeof err.code === 'number' ? err.code : undefined;
  if (err.status === 401 || (code !== undefined && TOKEN_CODES.has(code))) return { ok: false, tokenProblem: what };
  if ((code !== undefined && DESTINATION_CODES.has(code)) || err.status === 403 || err.status === 404) return { ok: false, permanent: what };
  // Any other 400 (Invalid Form Body 50035, an empty message 50006, invalid JSON 50109…) or 413 is about the body.
  if (err.status === 400 || err.status === 413) return { ok: false, refused: `the message was refused (${what})` };
  return { ok: false, transient: what };
}

/**
 * A Discord failure as a send outcome (docs/decisions/085). discord.js waits out 429s itself, and retries a 5xx, a
 * timed-out request (an `AbortError` after `rest.timeout`) and a connection reset `rest.retries` times with the same
 * body, so what reaches here outlived those retries. A 5xx, a timeout and a reset may have created the message:
 * `unknown` (the message's nonce makes the next attempt safe). Refusals that provably sent nothing are `transient`.
 */
export function outcomeOf(err: unknown): SendOutcome {
  if (err instanceof RateLimitError) return { ok: false, retryAfterMs: Math.max(err.retryAfter, err.timeToReset, 0), reason: 'rate limited' };
  if (err instanceof DiscordAPIError) return apiOutcome(err);
  if (err instanceof HTTPError) return { ok: false, unknown: `Discord ${err.status} after discord.js's retries` };
  const message = err instanceof Error ? err.message : String(err);
  if (NO_TOKEN.test(message)) return { ok: false, tokenProblem: `discord.js dropped the token after a 401 (${message})` };
  if (err instanceof Error && err.name === 'AbortError') return { ok: false, unknown: `Discord did not answer in time (${message})` };
  const code = codeOf(err);
  if (code && NEVER_SENT_CODES.has(code)) return { ok: false, transient: `${code}: ${message}` };
  return { ok: false, unknown: code ? `${code}: ${message}` : message };
}

/**
 * The outcome of a failure that happened while no message create was in flight (opening a DM channel, asking
 * `mayPost`): whatever it was, this request posted nothing, so it is at worst `transient`.
 */
export function outcomeBeforePosting(err: unknown): SendOutcome {
  const outcome = outcomeOf(err);
  return 'unknown' in outcome ? { ok: false, transient: outcome.unknown } : outcome;
}
