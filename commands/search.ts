import { z } from 'zod';
import { SEARCH_SYNTAX } from '../src/archive/search-query.ts';
import { archiveCards, archiveLoadingNote, archiveOf } from './archive-cards.ts';
import { booleanOption } from './boolean-option.ts';
import { defineCommand } from './definition.ts';

const queryMessage = 'give a few words to search for, e.g. diffusion video';
const input = z.object({
  query: z.string({ error: queryMessage }).trim().min(1, queryMessage).max(300, 'a search is at most 300 characters'),
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 25').max(25, 'limit must be between 1 and 25').default(10),
  private: booleanOption('private'),
});

/** `/papers search <query> [limit]`: the archive's best matches, newest first among equal scores. */
export const search = defineCommand({
  name: 'search',
  description: 'Search every paper paperboy has seen (title, abstract, AI keywords, authors)',
  options: [
    { name: 'query', description: `What to find: ${SEARCH_SYNTAX}`, type: 'string', required: true, maxLength: 300, rest: true },
    { name: 'limit', description: 'How many papers (1–25, default 10)', type: 'integer', min: 1, max: 25, accepts: 'number' },
    { name: 'private', description: 'Only you see the answer', type: 'boolean' },
  ],
  schema: input,
  answer: 'public',
  async run({ query, limit, private: ephemeral }, inv, deps) {
    const archive = archiveOf(deps);
    const hits = await archive.search(query, limit);
    if (hits.length === 0)
      return { kind: 'text', text: [`No paper in the archive (${archive.size} papers) matches "${query}".`, archiveLoadingNote(deps)].filter(Boolean).join(' '), ephemeral: true };
    const { papers, note } = await archiveCards(deps, inv.where.community, hits);
    return {
      kind: 'digest',
      title: `Search · ${query}`,
      day: papers[0]!.paper.day,
      papers,
      ...(note ? { note } : {}),
      votable: true,
      ephemeral,
    };
  },
});
