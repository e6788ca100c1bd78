/** The one message a digest (or the end of quiet hours) sends: held alerts grouped by subscription, most upvoted first. */
import { sourceLine } from '../alerts/scope.ts';
import type { Destination, RankedPaper, Reply } from '../model.ts';
import type { HeldAlert } from './held-alerts.ts';

/** Papers shown in one digest: a 10-paper digest fits one Discord message and Slack's block limits (decision 103). */
export const DIGEST_SHOWN = 10;

export type DigestKind = 'daily' | 'weekly' | 'held';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const byUpvotes = (a: HeldAlert, b: HeldAlert) => b.paper.upvotes - a.paper.upvotes || (a.paper.id < b.paper.id ? -1 : 1);

/**
 * `queries`: the subscriber's subscriptions in their order (id → query text). Each paper sits under the first of its
 * subscriptions; the most upvoted `DIGEST_SHOWN` papers are shown, by subscription then upvotes, and the rest are counted
 * per subscription in the note ("…and 14 more: 9 for diffusion, 5 for llm agents").
 */
export function digestReply(kind: DigestKind, to: Destination, alerts: readonly HeldAlert[], queries: ReadonlyMap<string, string>): Reply {
  const order = [...queries.keys()];
  const rank = (id: string | undefined) => (id !== undefined && order.includes(id) ? order.indexOf(id) : order.length);
  const groupOf = (a: HeldAlert) => [...a.subscriptions].sort((x, y) => rank(x) - rank(y))[0] ?? '';
  const ranked = [...alerts].sort(byUpvotes);
  const shown = ranked.slice(0, DIGEST_SHOWN).sort((a, b) => rank(groupOf(a)) - rank(groupOf(b)) || byUpvotes(a, b));
  const label = (id: string) => (queries.has(id) ? `${queries.get(id)} (${id})` : id ? `subscription ${id}` : 'your alerts');
  const papers: RankedPaper[] = shown.map(({ paper, why }, i) => {
    const group = groupOf(shown[i]!);
    return { paper, communityVotes: 0, score: paper.upvotes, why: [`for ${label(group)}`, ...why, sourceLine(paper)] };
  });
  const rest = ranked.slice(DIGEST_SHOWN);
  const counts = new Map<string, number>();
  for (const a of rest) counts.set(groupOf(a), (counts.get(groupOf(a)) ?? 0) + 1);
  const overflow = rest.length
    ? `…and ${rest.length} more: ${[...counts].sort((a, b) => rank(a[0]) - rank(b[0])).map(([id, n]) => `${n} for ${label(id)}`).join(', ')}.`
    : '';
  const whose = to.user ? 'your alerts' : "this channel's alerts";
  const what =
    kind === 'held' ? `${plural(alerts.length, 'new paper')} matching ${whose} (held during quiet hours)`
    : `${kind === 'daily' ? 'Daily' : 'Weekly'} digest of ${whose} · ${plural(alerts.length, 'paper')}`;
  const day = [...alerts].map((a) => a.paper.day).sort().at(-1) ?? '';
  const manage = 'Manage with /papers alerts mode, /papers alerts quiet and /papers subscriptions.';
  return { kind: 'digest', title: what, day, papers, note: [overflow, manage].filter(Boolean).join(' '), votable: true };
}
