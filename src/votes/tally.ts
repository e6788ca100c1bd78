import { splitEventKey, type VoteValue } from './keys.ts';
import { paperTally, type PaperTally } from './paper-tally.ts';

export type { PaperTally } from './paper-tally.ts';

/**
 * Every paper's votes in one community, as a pure function of the set of vote keys added to it: adding a key twice,
 * or in another order, changes nothing. Built in one go from a scan, then kept current key by key.
 */
export interface Tally {
  readonly papers: ReadonlyMap<string, PaperTally>;
  /** Adds stored vote keys and updates the papers they touch. */
  add(entries: Iterable<readonly [string, VoteValue]>): void;
  /** Keys older than a later removal of the same reaction: deleting them changes nothing, now or later. */
  superseded(): string[];
}

interface StoredEvent {
  key: string;
  at: number;
  added: boolean;
  value: VoteValue['value'];
}

interface Reaction {
  reaction: string;
  events: StoredEvent[];
}

/** One user's reactions on one paper, and the vote they add up to. */
interface Pair {
  paperId: string;
  reactions: Reaction[];
  vote?: Vote;
}

interface Vote {
  at: number;
  value: number;
  reaction: string;
}

/** The time of a reaction's latest removal (a removal wins a tie with an add), or -Infinity. */
const lastRemoval = (r: Reaction) => r.events.reduce((t, e) => (!e.added && e.at > t ? e.at : t), -Infinity);
const beforeRemoval = (e: StoredEvent, removedAt: number) => e.at < removedAt || (e.added && e.at === removedAt);

/** A reaction is live when an add follows its latest removal; it was cast at the first such add. */
function castOf(r: Reaction): Vote | undefined {
  const removedAt = lastRemoval(r);
  let cast: StoredEvent | undefined;
  for (const e of r.events) if (e.added && e.value !== 0 && !beforeRemoval(e, removedAt) && (!cast || e.at < cast.at)) cast = e;
  return cast && { at: cast.at, value: cast.value, reaction: r.reaction };
}

/** A user's vote on a paper: their most recently cast live reaction on it (ties broken by reaction key). */
function voteOf(reactions: readonly Reaction[]): Vote | undefined {
  let best: Vote | undefined;
  for (const r of reactions) {
    const v = castOf(r);
    if (v && (!best || v.at > best.at || (v.at === best.at && v.reaction > best.reaction))) best = v;
  }
  return best;
}

export function createTally(initial: Iterable<readonly [string, VoteValue]> = []): Tally {
  const pairs = new Map<string, Pair>();
  const pairsOfPaper = new Map<string, Pair[]>();
  const papers = new Map<string, PaperTally>();

  function pairOf(paperId: string, key: string): Pair {
    let p = pairs.get(key);
    if (!p) {
      pairs.set(key, (p = { paperId, reactions: [] }));
      const siblings = pairsOfPaper.get(paperId);
      if (siblings) siblings.push(p);
      else pairsOfPaper.set(paperId, [p]);
    }
    return p;
  }

  function add(entries: Iterable<readonly [string, VoteValue]>) {
    const dirty = new Set<Pair>();
    for (const [key, { value }] of entries) {
      const k = splitEventKey(key);
      if (!k) continue;
      const pair = pairOf(k.paperId, k.pair);
      let r = pair.reactions.find((x) => x.reaction === k.reaction);
      if (!r) pair.reactions.push((r = { reaction: k.reaction, events: [] }));
      else if (r.events.some((e) => e.key === key)) continue;
      r.events.push({ key, at: k.at, added: k.added, value });
      dirty.add(pair);
    }
    const dirtyPapers = new Set<string>();
    for (const pair of dirty) {
      pair.vote = voteOf(pair.reactions);
      dirtyPapers.add(pair.paperId);
    }
    for (const paperId of dirtyPapers) {
      const votes = (pairsOfPaper.get(paperId) ?? []).flatMap((p) => (p.vote ? [p.vote] : []));
      if (votes.length) papers.set(paperId, paperTally(paperId, votes));
      else papers.delete(paperId);
    }
  }

  add(initial);
  return {
    papers,
    add,
    superseded() {
      const keys: string[] = [];
      for (const pair of pairs.values())
        for (const r of pair.reactions) {
          const removedAt = lastRemoval(r);
          for (const e of r.events) if (beforeRemoval(e, removedAt)) keys.push(e.key);
        }
      return keys;
    },
  };
}
