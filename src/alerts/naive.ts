/**
 * Reference matcher: evaluates every query against the paper, no index, no memoisation.
 * The indexed matcher must give exactly the same answer (same subscriptions, same order,
 * same why).
 */
import type { Paper } from '../model.ts';
import { directResults, matches, reasons } from './evaluate.ts';
import { paperText } from './paper-text.ts';
import { HF_SCOPE, admits } from './scope.ts';
import type { AlertMatch, Subscription } from './subscription.ts';

/** The subscriptions (in the given order) whose scope admits `paper` and whose query matches it. */
export function naiveMatch(subs: readonly Subscription[], paper: Paper): AlertMatch[] {
  const results = directResults(paperText(paper));
  const out: AlertMatch[] = [];
  for (const sub of subs) {
    if (admits(sub.scope ?? HF_SCOPE, paper) && matches(sub.query, results)) out.push({ subscriptionId: sub.id, why: reasons(sub.query, results) });
  }
  return out;
}
