import type { Destination, Platform, Reply, SendContext, SendOutcome, Sender } from '../../src/model.ts';
import { destinationKey } from '../../src/model.ts';

/** One call a CountingSender received. */
export interface SentCall {
  to: Destination;
  reply: Reply;
  key: string;
  attempt: number;
  /** What the queue said: an earlier attempt may have landed. */
  outcomeUnknown: boolean;
  at: number;
}

/** Decides the outcome of the n-th call (1-based) for a key; default: accepted. May throw to act like a network error. */
export type Script = (call: SentCall, nthForKey: number) => SendOutcome | Promise<SendOutcome>;

export interface CountingSender extends Sender {
  calls: SentCall[];
  callsFor(key: string): SentCall[];
  /** Calls whose destination is `to`. */
  callsTo(to: Destination): SentCall[];
}

/**
 * A real in-process Sender, the thing platform adapters plug into the queue: like them it asks `mayPost` right before
 * posting (and posts nothing when told no), records every call and answers as the script says (accepted with a fresh
 * message id by default).
 */
export function createCountingSender(platform: Platform = 'discord', script?: Script): CountingSender {
  const calls: SentCall[] = [];
  let ids = 0;
  return {
    platform,
    calls,
    callsFor: (key) => calls.filter((c) => c.key === key),
    callsTo: (to) => calls.filter((c) => destinationKey(c.to) === destinationKey(to)),
    async send(to: Destination, reply: Reply, ctx?: SendContext): Promise<SendOutcome> {
      if (ctx?.mayPost && !(await ctx.mayPost())) return { ok: false, fenced: 'lost the claim before posting' };
      const call = { to, reply, key: ctx?.idempotencyKey ?? '', attempt: ctx?.attempt ?? 0, outcomeUnknown: ctx?.outcomeUnknown === true, at: Date.now() };
      calls.push(call);
      const nth = calls.filter((c) => c.key === call.key).length;
      return script ? script(call, nth) : { ok: true, messageId: `m${++ids}` };
    },
  };
}
