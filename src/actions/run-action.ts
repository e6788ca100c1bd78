import { SourceError, UserError } from '../errors.ts';
import type { Paper, Reply } from '../model.ts';
import type { PapersService } from '../papers/papers-service.ts';
import { bibtexFor } from './bibtex.ts';

/** What the actions read papers from: the same cache and source as `/papers paper`. */
export type ActionPapers = Pick<PapersService, 'getPaper'>;

/** The paper an action is about; a paper HF has no page for is a UserError the caller sees. */
export async function actionPaper(paperId: string, papers: ActionPapers): Promise<Paper> {
  return papers.getPaper(paperId).catch((err: unknown) => {
    if (err instanceof SourceError && err.kind === 'not-found') throw new UserError(`Hugging Face has no page for arXiv ${paperId} any more.`);
    throw err;
  });
}

/** The Cite action: a BibTeX entry, for the caller only. */
export async function citeReply(paperId: string, papers: ActionPapers): Promise<Reply> {
  return { kind: 'text', text: bibtexFor(await actionPaper(paperId, papers)), ephemeral: true, code: true };
}

/** How many papers the Similar action lists (as `/papers similar` without a limit). */
export const SIMILAR_ACTION_LIMIT = 5;

/** What an adapter tells the presser when the details were already posted (or are being posted) in the thread. */
export const DETAILS_ALREADY = 'The details are already in the thread under this message.';
export const DETAILS_IN_PROGRESS = 'The details are being posted in the thread under this message right now.';
