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
  /** Event keys superseded by a later event of the same reaction: deleting them changes nothing. */
  superseded: string[];
}

interface Latest {
  key: string;
  paperId: string;
  userId: string;
  reaction: string;
  at: number;
  added: boolean;
  value: VoteValue['value'];
}

/** Removal wins a tie, so an add and a remove in the same millisecond never leave a ghost vote. */
const isLater = (a: Latest, b: Latest) => a.at > b.at || (a.at === b.at && !a.added && b.added);

/**
 * Folds vote keys into a tally. Each reaction's state is its latest event (last-writer-wins by event time, not arrival),
 * a user's vote on a paper is their latest live reaction on it, and a paper's numbers sum one vote per user. The result
 * depends only on the set of keys, never on their order or repeats.
 */
export function buildTally(entries: Iterable<readonly [string, VoteValue]>): Tally {
  const latest = new Map<string, Latest>();
  const superseded: string[] = [];
  for (const [key, { value }] of entries) {
    const ev = parseEventKey(key);
    if (!ev) continue;
    const candidate: Latest = { key, paperId: ev.paperId, userId: ev.userId, reaction: ev.reaction, at: ev.at, added: ev.added, value };
    const prev = latest.get(ev.reaction);
    if (prev?.key === key) continue;
    if (!prev || isLater(candidate, prev)) {
      if (prev) superseded.push(prev.key);
      latest.set(ev.reaction, candidate);
    } else superseded.push(key);
  }

  const byUser = new Map<string, Latest>();
  for (const r of latest.values()) {
    if (!r.added || r.value === 0) continue;
    const who = `${r.paperId}\u0000${r.userId}`;
    const cur = byUser.get(who);
    if (!cur || r.at > cur.at || (r.at === cur.at && r.reaction > cur.reaction)) byUser.set(who, r);
  }

  const votesByPaper = new Map<string, Array<{ at: number; value: number }>>();
  for (const v of byUser.values()) {
    let list = votesByPaper.get(v.paperId);
    if (!list) votesByPaper.set(v.paperId, (list = []));
    list.push({ at: v.at, value: v.value });
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
