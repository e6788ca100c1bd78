import type { Votes } from '../votes/votes.ts';
import type { AppMetrics } from './metrics.ts';

/** The same votes, counting each reaction that changed them (`paperboy_votes_recorded_total`). */
export function observedVotes(votes: Votes, metrics: AppMetrics): Votes {
  return {
    ...votes,
    async handle(event, opts) {
      const outcome = await votes.handle(event, opts);
      if (outcome.status === 'applied') metrics.voteRecorded(outcome.added ? 'added' : 'removed');
      return outcome;
    },
  };
}
