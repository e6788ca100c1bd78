import type { Destination, Reply, SendContext, Sender, SendOutcome } from '../model.ts';
import type { AppMetrics, SendOutcomeLabel } from './metrics.ts';

const KINDS = new Set(['daily', 'weekly', 'alert', 'notice']);

/** The kind of a queued message, read from its idempotency key (`daily:…`, `alert:…`); anything else is `other`. */
export function kindOfKey(key: string | undefined): string {
  const prefix = key?.split(':', 1)[0] ?? '';
  return KINDS.has(prefix) ? prefix : 'other';
}

export function outcomeLabel(outcome: SendOutcome): SendOutcomeLabel {
  if (outcome.ok) return 'ok';
  if ('retryAfterMs' in outcome) return 'rate_limited';
  if ('transient' in outcome) return 'transient';
  if ('unknown' in outcome) return 'unknown';
  if ('permanent' in outcome) return 'permanent';
  if ('tokenProblem' in outcome) return 'token_problem';
  if ('refused' in outcome) return 'refused';
  return 'fenced';
}

/**
 * The same Sender, counting every attempt the delivery queue makes through it by platform, kind and outcome. It changes
 * nothing else: the outcome (or the error) goes back to the queue as it came.
 */
export function observedSender(sender: Sender, metrics: AppMetrics): Sender {
  return {
    platform: sender.platform,
    async send(to: Destination, reply: Reply, ctx?: SendContext): Promise<SendOutcome> {
      const kind = kindOfKey(ctx?.idempotencyKey);
      let outcome: SendOutcome;
      try {
        outcome = await sender.send(to, reply, ctx);
      } catch (err) {
        metrics.sendAttempt(sender.platform, kind, 'threw');
        throw err;
      }
      metrics.sendAttempt(sender.platform, kind, outcomeLabel(outcome));
      return outcome;
    },
  };
}
