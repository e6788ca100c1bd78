import type { ArchiveHit } from '../src/archive/archive.ts';
import { UserError } from '../src/errors.ts';
import type { RankedPaper } from '../src/model.ts';
import { blendedScore } from '../src/trending/rank.ts';
import { readNetVotes } from './community-votes.ts';
import type { CommandDeps } from './deps.ts';

/** The archive, or a clear refusal when this process runs without one. */
export function archiveOf(deps: CommandDeps): NonNullable<CommandDeps['archive']> {
  if (!deps.archive) throw new UserError('The paper archive is not available here.');
  return deps.archive;
}

/** Said while the archive is still being read from the store after a start: answers may miss older papers. */
export function archiveLoadingNote(deps: CommandDeps): string | undefined {
  const archive = deps.archive;
  return archive && !archive.loaded ? `The archive is still loading (${archive.size} papers so far): older papers may be missing.` : undefined;
}

/** Archive hits as the cards `today` shows (HF upvotes + community votes), in the archive's order. */
export async function archiveCards(
  deps: CommandDeps,
  community: string,
  hits: readonly ArchiveHit[],
  because?: (hit: ArchiveHit) => string | undefined,
): Promise<{ papers: RankedPaper[]; note?: string }> {
  const { votes, note: votesNote } = await readNetVotes(deps, community, hits.map((h) => h.paper.id));
  const note = [archiveLoadingNote(deps), votesNote].filter(Boolean).join(' ') || undefined;
  const weight = deps.config.VOTE_WEIGHT ?? 3;
  const papers = hits.map((h): RankedPaper => {
    const net = votes?.get(h.paper.id) ?? 0;
    const why = because?.(h);
    return { paper: h.paper, communityVotes: net, score: blendedScore(h.paper, net, weight), ...(why ? { why: [why], whyLabel: 'because' } : {}) };
  });
  return { papers, ...(note ? { note } : {}) };
}
