import { z } from 'zod';
import { SourceError, UserError } from '../src/errors.ts';
import { parsePaperId } from '../src/papers/paper-id.ts';
import { archiveCards, archiveOf } from './archive-cards.ts';
import { booleanOption } from './boolean-option.ts';
import { defineCommand } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import type { Reply } from '../src/model.ts';

const input = z.object({
  id: z.string().trim().min(1, 'give an arXiv id or a paper link').max(500),
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 25').max(25, 'limit must be between 1 and 25').default(5),
  private: booleanOption('private'),
});

/** `/papers similar <id or link> [limit]`: archive papers sharing the paper's distinctive terms, each saying which. */
export const similar = defineCommand({
  name: 'similar',
  description: 'Papers like one paper: its most distinctive terms searched in the archive',
  options: [
    { name: 'id', description: 'arXiv id or link, e.g. 2608.20335', type: 'string', required: true, maxLength: 500, accepts: 'word' },
    { name: 'limit', description: 'How many papers (1–25, default 5)', type: 'integer', min: 1, max: 25, accepts: 'number' },
    { name: 'private', description: 'Only you see the answer', type: 'boolean' },
  ],
  schema: input,
  answer: 'public',
  run: ({ id, limit, private: ephemeral }, inv, deps) => similarReply(deps, inv.where.community, id, limit, ephemeral),
});

/**
 * The papers most similar to one (typed as an id or a link), as `/papers similar` and the Similar action answer them:
 * a votable digest whose cards say which terms they share.
 */
export async function similarReply(deps: CommandDeps, community: string, typed: string, limit: number, ephemeral: boolean): Promise<Reply> {
  const archive = archiveOf(deps);
  const id = parsePaperId(typed);
  const paper =
    (await archive.get(id)) ??
    (await deps.papers.getPaper(id).catch((err: unknown) => {
      if (err instanceof SourceError && err.kind === 'not-found')
        throw new UserError(`arXiv ${id} is not in the archive and Hugging Face has no page for it.`);
      throw err;
    }));
  const hits = await archive.similar(paper, limit);
  if (hits.length === 0) return { kind: 'text', text: `No paper in the archive shares enough with "${paper.title}".`, ephemeral: true };
  const { papers, note } = await archiveCards(deps, community, hits, (h) =>
    h.terms.length ? `shared terms ${h.terms.slice(0, 6).join(', ')}` : undefined,
  );
  return {
    kind: 'digest',
    title: `Similar to · ${paper.title.replace(/\s+/g, ' ')}`,
    day: papers[0]!.paper.day,
    papers,
    ...(note ? { note } : {}),
    votable: true,
    ephemeral,
  };
}
