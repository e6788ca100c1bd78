import { z } from 'zod';
import { SourceError, UserError } from '../src/errors.ts';
import { parsePaperId } from '../src/papers/paper-id.ts';
import { blendedScore } from '../src/trending/rank.ts';
import { readNetVotes } from './community-votes.ts';
import { booleanOption } from './boolean-option.ts';
import { defineCommand } from './definition.ts';

const input = z.object({
  id: z.string().trim().min(1, 'give an arXiv id or a paper link').max(500),
  private: booleanOption('private'),
});

/** `/papers paper <id or link>`: one paper as a card, voted on with 👍/👎. */
export const paper = defineCommand({
  name: 'paper',
  description: 'One paper by arXiv id or link, to read and vote on with 👍/👎',
  options: [
    {
      name: 'id',
      description: 'arXiv id or link, e.g. 2608.20335 or huggingface.co/papers/2608.20335',
      type: 'string',
      required: true,
      maxLength: 500,
      accepts: 'word',
    },
    { name: 'private', description: 'Only you see the answer', type: 'boolean' },
  ],
  schema: input,
  answer: 'public',
  async run({ id: typed, private: ephemeral }, inv, deps) {
    const id = parsePaperId(typed);
    const found = await deps.papers.getPaper(id).catch((err: unknown) => {
      if (err instanceof SourceError && err.kind === 'not-found')
        throw new UserError(`Hugging Face has no page for arXiv ${id} (yet). Check the id, or try again once it is listed.`);
      throw err;
    });
    const { votes } = await readNetVotes(deps, inv.where.community, [id]);
    const net = votes?.get(id) ?? 0;
    return {
      kind: 'paper',
      paper: { paper: found, communityVotes: net, score: blendedScore(found, net, deps.config.VOTE_WEIGHT ?? 3) },
      votable: true,
      ephemeral,
    };
  },
});
