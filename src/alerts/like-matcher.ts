/**
 * Matching of `like:` subscriptions (docs/decisions/104), beside the keyword matcher: a new paper alerts a subscription
 * when the cosine similarity of its distinctive terms to the followed paper's reaches the threshold and the
 * subscription's scope admits it. Subscriptions following one paper share its profile; an inverted index from term to
 * profiles means a paper costs the postings of its own terms, not one comparison per subscription.
 */
import type { Paper } from '../model.ts';
import { LIKE_PAPER_TERMS, LIKE_THRESHOLD, likeReason, norm, type LikeProfile, type TermsOf } from './like-profile.ts';
import { parseLikeQuery } from './like-query.ts';
import { QueryError } from './ast.ts';
import { admits, type AlertScope } from './scope.ts';
import type { AlertMatch, PaperMatches } from './subscription.ts';
import type { StoredSubscription } from './subscriptions.ts';

interface Followed {
  profile: LikeProfile;
  norm: number;
  why: readonly string[];
  subs: Map<string, AlertScope>;
}

export interface LikeMatcher {
  /** Adds a stored subscription if it is a `like:` one (true), else leaves it to the keyword matcher (false); throws if it no longer parses. */
  track(sub: Pick<StoredSubscription, 'id' | 'query' | 'like'>): boolean;
  add(id: string, profile: LikeProfile, scope: AlertScope): void;
  remove(id: string): boolean;
  readonly size: number;
  /** The `like:` matches of each paper that has some (papers without are left out). */
  matchMany(papers: readonly Paper[]): PaperMatches[];
  /** What it holds, for a snapshot (`engine-snapshot.ts`); not to be changed. */
  state(): LikeState;
}

/** The followed papers by id, and each subscription's followed paper. */
export interface LikeState {
  followed: Map<string, Followed>;
  paperOf: Map<string, string>;
}

/** A like matcher; with `from` (another's {@link LikeMatcher.state}), following what that one followed. */
export function createLikeMatcher(termsOf: TermsOf, threshold = LIKE_THRESHOLD, from?: LikeState): LikeMatcher {
  /** By followed paper id. */
  const followed = from?.followed ?? new Map<string, Followed>();
  const paperOf = from?.paperOf ?? new Map<string, string>();
  /** The followed papers by number, term → (numbers, weights); rebuilt on the next match after a change. */
  let postings: { list: Followed[]; byTerm: Map<string, { ids: Int32Array; weights: Float64Array }> } | undefined;
  /** Per followed paper: the dot product with the paper being matched (zeroed after each paper). */
  let dots = new Float64Array(0);
  let touched = new Int32Array(0);

  function remove(id: string): boolean {
    const paperId = paperOf.get(id);
    if (paperId === undefined) return false;
    paperOf.delete(id);
    const f = followed.get(paperId)!;
    f.subs.delete(id);
    if (f.subs.size === 0) (followed.delete(paperId), (postings = undefined));
    return true;
  }

  function add(id: string, profile: LikeProfile, scope: AlertScope): void {
    remove(id);
    let f = followed.get(profile.paperId);
    if (!f) {
      followed.set(profile.paperId, (f = { profile, norm: norm(profile.terms), why: [likeReason(profile.title)], subs: new Map() }));
      postings = undefined;
    }
    f.subs.set(id, scope);
    paperOf.set(id, profile.paperId);
  }

  function index(): NonNullable<typeof postings> {
    const list = [...followed.values()].filter((f) => f.norm > 0);
    const pairs = new Map<string, number[]>();
    list.forEach((f, i) => {
      for (const t of f.profile.terms) {
        const at = pairs.get(t.term);
        if (at) at.push(i, t.weight);
        else pairs.set(t.term, [i, t.weight]);
      }
    });
    const byTerm = new Map<string, { ids: Int32Array; weights: Float64Array }>();
    for (const [term, flat] of pairs) {
      const ids = new Int32Array(flat.length / 2);
      const weights = new Float64Array(flat.length / 2);
      for (let k = 0; k < ids.length; k++) (ids[k] = flat[2 * k]!, (weights[k] = flat[2 * k + 1]!));
      byTerm.set(term, { ids, weights });
    }
    dots = new Float64Array(list.length);
    touched = new Int32Array(list.length);
    return { list, byTerm };
  }

  function matchOne(paper: Paper, { list, byTerm }: NonNullable<typeof postings>): AlertMatch[] {
    const terms = termsOf(paper, LIKE_PAPER_TERMS);
    const n = norm(terms);
    if (n === 0) return [];
    let count = 0;
    for (const t of terms) {
      const p = byTerm.get(t.term);
      if (!p) continue;
      for (let k = 0; k < p.ids.length; k++) {
        const f = p.ids[k]!;
        if (dots[f] === 0) touched[count++] = f;
        dots[f]! += p.weights[k]! * t.weight;
      }
    }
    const matches: AlertMatch[] = [];
    for (let k = 0; k < count; k++) {
      const i = touched[k]!;
      const f = list[i]!;
      const score = dots[i]! / (f.norm * n);
      dots[i] = 0;
      if (score < threshold || f.profile.paperId === paper.id) continue;
      for (const [subscriptionId, scope] of f.subs) if (admits(scope, paper)) matches.push({ subscriptionId, why: f.why });
    }
    return matches;
  }

  return {
    track(sub) {
      if (!sub.like) return false;
      const { paperId, scope } = parseLikeQuery(sub.query);
      if (paperId !== sub.like.paperId) throw new QueryError('the like: paper and its stored profile differ', 0);
      add(sub.id, sub.like, scope);
      return true;
    },
    add,
    remove,
    get size() {
      return paperOf.size;
    },
    state: () => ({ followed, paperOf }),
    matchMany(papers) {
      if (followed.size === 0) return [];
      postings ??= index();
      const out: PaperMatches[] = [];
      for (const paper of papers) {
        const matches = matchOne(paper, postings);
        if (matches.length) out.push({ paper, matches });
      }
      return out;
    },
  };
}
