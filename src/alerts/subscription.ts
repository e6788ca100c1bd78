/** What the matcher stores and answers. */
import type { ParsedQuery } from './ast.ts';
import type { Paper } from '../model.ts';
import type { AlertScope } from './scope.ts';

/** One alert: an id chosen by the caller (unique within a matcher) and its parsed query. */
export interface Subscription {
  id: string;
  query: ParsedQuery;
  /** Which papers the query is tried on; absent: `HF_SCOPE` (as for every subscription stored before scopes). */
  scope?: AlertScope;
}

/** A subscription that matched a paper, with the reasons (see `Evaluation.why`); shared (also
 * between calls of the matcher), not to be modified. */
export interface AlertMatch {
  readonly subscriptionId: string;
  readonly why: readonly string[];
}

/** The matches of one paper of a batch. */
export interface PaperMatches {
  paper: Paper;
  matches: AlertMatch[];
}
