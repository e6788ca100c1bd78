import { parseEventKey, type VoteValue } from './keys.ts';

/** One paper's effective votes (one per user), ordered by the time each was cast. */
export interface PaperTally {
  paperId: string;
  /** Epoch ms of each user's effective vote, ascending. */
  times: number[];
  /** `upsBefore[i]` = how many of the first i votes are +1 (length times.length + 1). */
  upsBefore: number[];
  up: number;
  down: number;
  net: number;
  lastAt: number;
}

/** Every paper's votes in one community, rebuilt from the vote keys alone. */
export interface Tally {
  papers: Map<string, PaperTally>;
  /** Event keys older than a later removal of the same reaction: deleting them changes nothing, now or later. */
  superseded: string[];
}

interface StoredEvent {
  key: string;
  at: number;
  added: boolean;
  value: VoteValue['value'];
}

interface Reaction {
  paperId: string;
  userId: string;
  reaction: string;
  events: StoredEvent[];
}

/** A live reaction: when it was cast (its first add since its last removal) and the vote it carries. */
interface LiveReaction {
  paperId: string;
  userId: string;
  reaction: string;
  castAt: number;
  value: number;
}

/**
 * One reaction's state from its events, in event-time order (a removal wins a tie with an add): it is live when an add
 * follows its latest removal, cast at the first such add. Events before the latest removal change nothing any more.
 */
function settle(r: Reaction, superseded: string[]): LiveReaction | undefined {
  let lastRemoval = -Infinity;
  for (const e of r.events) if (!e.added && e.at > lastRemoval) lastRemoval = e.at;
  let cast: StoredEvent | undefined;
  for (const e of r.events) {
    if (e.at < lastRemoval || (e.added && e.at === lastRemoval)) superseded.push(e.key);
    else if (e.added && e.value !== 0 && (!cast || e.at < cast.at)) cast = e;
  }
  return cast && { paperId: r.paperId, userId: r.userId, reaction: r.reaction, castAt: cast.at, value: cast.value };
}

/**
 * Folds vote keys into a tally. A reaction is live when an add follows its latest removal (by event time, not arrival);
 * a user's vote on a paper is their most recently cast live reaction on it; a paper's numbers sum one vote per user.
 * The result depends only on the set of keys, never on their order or repeats.
 */
export function buildTally(entries: Iterable<readonly [string, VoteValue]>): Tally {
  const reactions = new Map<string, Reaction>();
  const seen = new Set<string>();
  for (const [key, { value }] of entries) {
    const ev = seen.has(key) ? undefined : parseEventKey(key);
    if (!ev) continue;
    seen.add(key);
    let r = reactions.get(ev.reaction);
    if (!r) reactions.set(ev.reaction, (r = { paperId: ev.paperId, userId: ev.userId, reaction: ev.reaction, events: [] }));
    r.events.push({ key, at: ev.at, added: ev.added, value });
  }

  const superseded: string[] = [];
  const byUser = new Map<string, LiveReaction>();
  for (const reaction of reactions.values()) {
    const live = settle(reaction, superseded);
    if (!live) continue;
    const who = `${live.paperId}\u0000${live.userId}`;
    const cur = byUser.get(who);
    if (!cur || live.castAt > cur.castAt || (live.castAt === cur.castAt && live.reaction > cur.reaction)) byUser.set(who, live);
  }

  const votesByPaper = new Map<string, Array<{ at: number; value: number }>>();
  for (const v of byUser.values()) {
    let list = votesByPaper.get(v.paperId);
    if (!list) votesByPaper.set(v.paperId, (list = []));
    list.push({ at: v.castAt, value: v.value });
  }
  const papers = new Map<string, PaperTally>();
  for (const [paperId, list] of votesByPaper) papers.set(paperId, paperTally(paperId, list));
  return { papers, superseded };
}

function paperTally(paperId: string, votes: Array<{ at: number; value: number }>): PaperTally {
  votes.sort((a, b) => a.at - b.at);
  const upsBefore = [0];
  for (const v of votes) upsBefore.push(upsBefore[upsBefore.length - 1]! + (v.value > 0 ? 1 : 0));
  const up = upsBefore[votes.length]!;
  const down = votes.length - up;
  return { paperId, times: votes.map((v) => v.at), upsBefore, up, down, net: up - down, lastAt: votes[votes.length - 1]?.at ?? 0 };
}

/** First index whose time is >= t (or > t when `after`). */
function bound(times: readonly number[], t: number, after: boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t || (after && times[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A paper's votes cast in [since, until] (epoch ms, both inclusive), in O(log n). */
export function votesBetween(p: PaperTally, since: number, until: number): { up: number; down: number; net: number; lastAt: number } {
  const lo = bound(p.times, since, false);
  const hi = bound(p.times, until, true);
  if (hi <= lo) return { up: 0, down: 0, net: 0, lastAt: 0 };
  const up = p.upsBefore[hi]! - p.upsBefore[lo]!;
  const down = hi - lo - up;
  return { up, down, net: up - down, lastAt: p.times[hi - 1]! };
}
