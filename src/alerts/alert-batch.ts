/** Pure: turns a poll's matches into one batch per subscriber, and a batch into the message it sends. */
import { destinationKey, type Destination, type Paper, type RankedPaper, type Reply } from '../model.ts';
import { sourceLine } from './scope.ts';
import type { PaperMatches } from './subscription.ts';

/** One matched paper for one subscriber, with the reasons of every subscription of theirs that matched it. */
export interface BatchItem {
  paper: Paper;
  why: string[];
  /** Ids of the owner's subscriptions that matched it, in match order (digests group by them). */
  subscriptions?: string[];
}

/** Everything one subscriber (a person's DMs, or a channel) gets from one poll. */
export interface SubscriberBatch {
  /** `destinationKey(to)`: what the ledger and the daily cap count by. */
  subscriber: string;
  to: Destination;
  items: BatchItem[];
}

/** Most upvoted first, then by id, so the daily cap keeps the papers people liked most. */
const byUpvotes = (a: BatchItem, b: BatchItem) => b.paper.upvotes - a.paper.upvotes || (a.paper.id < b.paper.id ? -1 : 1);

/**
 * Groups matches by subscriber: a paper matched by several subscriptions of one owner appears once, with all their
 * reasons merged (deduplicated, in subscription order). A channel and a person are different subscribers.
 */
export function batchBySubscriber(matches: readonly PaperMatches[], ownerOf: (subscriptionId: string) => Destination | undefined): SubscriberBatch[] {
  const batches = new Map<string, { to: Destination; items: Map<string, BatchItem> }>();
  for (const { paper, matches: hits } of matches) {
    for (const hit of hits) {
      const to = ownerOf(hit.subscriptionId);
      if (!to) continue;
      const subscriber = destinationKey(to);
      let batch = batches.get(subscriber);
      if (!batch) batches.set(subscriber, (batch = { to, items: new Map() }));
      const item = batch.items.get(paper.id);
      if (!item) batch.items.set(paper.id, { paper, why: [...hit.why], subscriptions: [hit.subscriptionId] });
      else {
        for (const w of hit.why) if (!item.why.includes(w)) item.why.push(w);
        item.subscriptions?.push(hit.subscriptionId);
      }
    }
  }
  return [...batches].map(([subscriber, b]) => ({ subscriber, to: b.to, items: [...b.items.values()].sort(byUpvotes) }));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "…and 7 more matches today beyond the daily limit of 20 alerts; refine your queries (…) to see fewer." */
export const overflowLine = (overflow: number, cap: number): string =>
  `…and ${plural(overflow, 'more match', 'more matches')} today beyond the daily limit of ${cap} alerts; refine your queries ` +
  '(e.g. title:word, "a phrase", -exclusion) to see fewer.';

/** The one alert message of a poll: a votable digest whose papers say what they matched and where they were listed. */
export function alertDigest(to: Destination, items: readonly BatchItem[], overflow: number, cap: number): Reply {
  const day = items[0]?.paper.day ?? '';
  const papers: RankedPaper[] = items.map(({ paper, why }) => ({ paper, communityVotes: 0, score: paper.upvotes, why: [...why, sourceLine(paper)] }));
  const whose = to.user ? 'your alerts' : "this channel's alerts";
  const notes = [overflow > 0 ? overflowLine(overflow, cap) : '', 'Manage with /papers subscriptions and /papers unsubscribe.'];
  return {
    kind: 'digest',
    title: `${plural(items.length, 'new paper')} matching ${whose} · ${day}`,
    day,
    papers,
    note: notes.filter(Boolean).join(' '),
    votable: true,
  };
}

/** Said once a day when the daily cap was already used up by earlier polls and more papers matched. */
export function overflowNotice(to: Destination, overflow: number, cap: number): Reply {
  const whose = to.user ? 'your alerts' : "this channel's alerts";
  const text =
    `Daily alert limit reached: ${plural(overflow, 'more paper')} matched ${whose} today beyond the ${cap} already sent. ` +
    'Refine your queries (e.g. title:word, "a phrase", -exclusion) to see fewer; /papers subscriptions lists them.';
  return { kind: 'text', text };
}
