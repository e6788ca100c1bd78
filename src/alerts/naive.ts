/**
 * Reference matcher: evaluates every query against the paper, no index. The indexed
 * matcher must give exactly the same answer (same subscriptions, same order, same why).
 */
import type { Paper } from '../model.ts';
import { evaluate } from './evaluate.ts';
import { paperText } from './paper-text.ts';
import type { AlertMatch, Subscription } from './subscription.ts';

/** The subscriptions (in the given order) whose query matches `paper`. */
export function naiveMatch(subs: readonly Subscription[], paper: Paper): AlertMatch[] {
  const text = paperText(paper);
  const out: AlertMatch[] = [];
  for (const sub of subs) {
    const { matched, why } = evaluate(sub.query, text);
    if (matched) out.push({ subscriptionId: sub.id, why });
  }
  return out;
}
