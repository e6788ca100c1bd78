import type { LikeSource } from '../alerts/like-subscribe.ts';
import { SourceError, UserError } from '../errors.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { Archive } from './archive.ts';

/** `like:` subscriptions' papers and term weights: the archive first, then Hugging Face (which archives what it returns). */
export function archiveLikeSource(archive: Archive, papers: Pick<PapersService, 'getPaper'>): LikeSource {
  return {
    async paper(id) {
      return (
        (await archive.get(id)) ??
        papers.getPaper(id).catch((err: unknown) => {
          if (err instanceof SourceError && err.kind === 'not-found')
            throw new UserError(`arXiv ${id} is not in the archive and Hugging Face has no page for it, so there is nothing to follow.`);
          throw err;
        })
      );
    },
    termsOf: (paper, max) => archive.distinctiveTerms(paper, max),
  };
}
