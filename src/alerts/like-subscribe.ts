/** Making a `like:` subscription: the followed paper is looked up and its profile kept in the record (decision 104). */
import { UserError } from '../errors.ts';
import type { Paper } from '../model.ts';
import type { ScopeSource } from './scope.ts';
import { LIKE_TERMS, type TermsOf } from './like-profile.ts';
import { formatLikeQuery, parseLikeQuery, type LikeQuery } from './like-query.ts';
import type { CreateOutcome, NewSubscription, SubscriptionStore } from './subscriptions.ts';

/** Where followed papers and their terms come from: the archive (then Hugging Face) in the app. */
export interface LikeSource {
  /** The paper; a UserError when neither the archive nor Hugging Face knows it. */
  paper(id: string): Promise<Paper>;
  termsOf: TermsOf;
}

/** A `like:` subscribe's outcome, with the followed paper and the scope it got. */
export type LikeOutcome = CreateOutcome & { like: LikeQuery; paper: Paper };

export async function createLikeSubscription(
  subscriptions: Pick<SubscriptionStore, 'create'>,
  source: LikeSource,
  req: Omit<NewSubscription, 'canonical' | 'like'>,
  defaultSource: ScopeSource,
): Promise<LikeOutcome> {
  const like = parseLikeQuery(req.query, defaultSource);
  const paper = await source.paper(like.paperId);
  const title = paper.title.replace(/\s+/g, ' ').trim();
  const terms = source.termsOf(paper, LIKE_TERMS);
  if (terms.length === 0) throw new UserError(`"${title}" has no words distinctive enough to follow; try a keyword alert instead.`);
  const text = formatLikeQuery(like);
  const outcome = await subscriptions.create({ ...req, query: text, canonical: text, like: { paperId: paper.id, title, terms } });
  return { ...outcome, like, paper };
}
