import type { CommunityVotes } from '../src/trending/rank.ts';
import type { CommandDeps } from './deps.ts';

/** Net votes for a ranking, or none with a note when the votes store fails: the papers are still worth showing. */
export async function readNetVotes(
  deps: CommandDeps,
  community: string,
  paperIds: readonly string[],
): Promise<{ votes?: CommunityVotes; note?: string }> {
  if (!deps.votes) return {};
  try {
    return { votes: await deps.votes.netVotes(community, paperIds) };
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'community votes unavailable');
    return { note: 'Community votes are unavailable right now; this is the Hugging Face order.' };
  }
}
