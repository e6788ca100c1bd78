// Whole-bot and whole-payload faults of the fake Discord, beyond one-shot `failNext` and seeded chaos: a revoked
// token, message bodies Discord refuses, and answers that come late although the request was handled at once.
import type { IncomingHttpHeaders } from 'node:http';
import { matches, type RouteMatcher } from './discord-http.ts';
import { apiError, type Reply } from './discord-limits.ts';

/** Answer requests on `route` late: each is handled at once (a message is created) but answered after `delayMs`. */
export interface LateAnswerSpec {
  route: RouteMatcher;
  delayMs: number;
  /** How many requests, default 1. */
  times?: number;
}

export interface FaultModes {
  /** Every request authenticated with the bot token answers 401, as after the token was revoked or reset. */
  tokenRevoked: boolean;
  /** A message create whose JSON body this says yes to answers 400 50035 Invalid Form Body (nothing is created). */
  refuseMessage: ((body: unknown) => boolean) | undefined;
  lateAnswers: Array<LateAnswerSpec & { remaining: number }>;
  /** Late answers not yet written, cleared when the fake closes. */
  pendingLate: Set<NodeJS.Timeout>;
  /** While set, requests on `route` are handled at once and answered only when `releaseHeld` runs. */
  held: { route: RouteMatcher; answers: Array<() => void> } | undefined;
}

export const newFaultModes = (opts: { tokenRevoked?: boolean; refuseMessage?: (body: unknown) => boolean }): FaultModes => ({
  tokenRevoked: opts.tokenRevoked ?? false, refuseMessage: opts.refuseMessage, lateAnswers: [], pendingLate: new Set(), held: undefined,
});

/** Discord's answer to a revoked or reset token: `401 {"message": "401: Unauthorized", "code": 0}`. */
export function revokedTokenReply(f: FaultModes, headers: IncomingHttpHeaders): Reply | undefined {
  return f.tokenRevoked && String(headers.authorization ?? '').startsWith('Bot ') ? apiError(401, 0, '401: Unauthorized') : undefined;
}

/** The 400 Discord gives a message body it cannot accept, e.g. an embed field over its limit. */
export function refusedBodyReply(f: FaultModes, body: unknown): Reply | undefined {
  if (!f.refuseMessage?.(body)) return undefined;
  return apiError(400, 50035, 'Invalid Form Body', { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } });
}

/** How late this request is answered by an `answerLate` spec (consumed), 0 when none matches. */
export function takeLateAnswer(f: FaultModes, method: string, path: string): number {
  const late = f.lateAnswers.find((l) => l.remaining > 0 && matches(l.route, method, path));
  if (!late) return 0;
  late.remaining -= 1;
  return late.delayMs;
}

/** Writes the answers held so far and stops holding. */
export function releaseHeld(f: FaultModes): void {
  const answers = f.held?.answers ?? [];
  f.held = undefined;
  for (const write of answers) write();
}

/** Holds the answer of a request on the held route; otherwise writes it after `delayMs` (at once when 0), unless the fake closed first. */
export function answerAfter(f: FaultModes, delayMs: number, write: () => void, method = '', path = ''): void {
  if (f.held && matches(f.held.route, method, path)) return void f.held.answers.push(write);
  if (delayMs <= 0) return write();
  const timer = setTimeout(() => {
    f.pendingLate.delete(timer);
    write();
  }, delayMs);
  f.pendingLate.add(timer);
}
