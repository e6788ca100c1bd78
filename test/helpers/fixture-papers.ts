import { loadFixtureDays } from '../fakes/hf-server.ts';
import type { Paper, RankedPaper } from '../../src/model.ts';
import { hfDailyListSchema } from '../../src/papers/hf-schema.ts';
import { normaliseDailyItem } from '../../src/papers/normalise.ts';

/** Every captured fixture day as normalised Papers, keyed by day. */
export function fixturePapersByDay(): Map<string, Paper[]> {
  const out = new Map<string, Paper[]>();
  for (const [day, raw] of loadFixtureDays()) out.set(day, hfDailyListSchema.parse(raw).map((i) => normaliseDailyItem(i, day)));
  return out;
}

export const allFixturePapers = (): Paper[] => [...fixturePapersByDay().values()].flat();

export const ranked = (paper: Paper, communityVotes = 0): RankedPaper => ({ paper, communityVotes, score: paper.upvotes });
