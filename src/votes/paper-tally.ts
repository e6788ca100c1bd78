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

/** The tally of one paper from its users' effective votes. */
export function paperTally(paperId: string, votes: Iterable<{ at: number; value: number }>): PaperTally {
  const sorted = [...votes].sort((a, b) => a.at - b.at);
  const upsBefore = [0];
  for (const v of sorted) upsBefore.push(upsBefore[upsBefore.length - 1]! + (v.value > 0 ? 1 : 0));
  const up = upsBefore[sorted.length]!;
  const down = sorted.length - up;
  return { paperId, times: sorted.map((v) => v.at), upsBefore, up, down, net: up - down, lastAt: sorted[sorted.length - 1]?.at ?? 0 };
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
