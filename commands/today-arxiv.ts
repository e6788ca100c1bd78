import { UserError } from '../src/errors.ts';
import type { Reply } from '../src/model.ts';
import type { CommandDeps } from './deps.ts';

/** arXiv category names as arXiv writes them: `cs.CL`, `stat.ML`, `hep-th`, `math.AG`. */
const CATEGORY = /^[a-z-]+(\.[a-z]{2,})?$/i;

/**
 * `/papers today source:arxiv [category]`: the newest arXiv announcement in arXiv's own order (there are no upvotes
 * to rank by), optionally one category (a paper cross-listed there counts), revisions left out.
 */
export async function arxivToday(deps: CommandDeps, opts: { limit: number; category?: string; ephemeral?: boolean }, now: Date): Promise<Reply> {
  if (!deps.arxiv) throw new UserError('The arXiv source is off on this bot (ARXIV_CATEGORIES is empty).');
  if (opts.category && !CATEGORY.test(opts.category))
    throw new UserError(`"${opts.category}" is not an arXiv category; write it as arXiv does, e.g. cs.CL or stat.ML.`);
  const announced = await deps.arxiv.latest(now);
  if (!announced) return { kind: 'text', text: 'No arXiv announcement has been read yet; try again in a few minutes.', ephemeral: true };
  const wanted = opts.category?.toLowerCase();
  const papers = announced.papers.filter(
    (p) => p.announceType !== 'replace' && p.announceType !== 'replace-cross' && (!wanted || (p.categories ?? []).some((c) => c.toLowerCase() === wanted)),
  );
  const where = opts.category ? ` in ${opts.category}` : '';
  if (papers.length === 0) return { kind: 'text', text: `No new arXiv papers${where} on ${announced.day}.`, ephemeral: true };
  const shown = papers.slice(0, opts.limit);
  return {
    kind: 'digest',
    title: `New on arXiv${where} · ${announced.day}`,
    day: announced.day,
    papers: shown.map((paper) => ({ paper, communityVotes: 0, score: 0 })),
    note: papers.length > shown.length ? `${shown.length} of ${papers.length} papers, as arXiv lists them; raise limit (up to 25) for more.` : undefined,
    votable: true,
    ephemeral: opts.ephemeral,
  };
}
