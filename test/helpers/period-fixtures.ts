import { periodItems, type FakeHf } from '../fakes/hf-server.ts';

type Item = { numComments?: number; paper: { id: string; title: string; upvotes: number } };

/**
 * The papers of HF's weekly or monthly list as the fake serves it (derived from the daily captures), in HF upvote
 * order with ties as the ranking breaks them: what `/papers week` / `month` should show when nobody voted.
 */
export function periodOrder(hf: FakeHf, kind: 'week' | 'month', key: string): Array<{ id: string; title: string; upvotes: number }> {
  return (periodItems(hf.days, kind, key) as Item[])
    .slice()
    .sort((a, b) => b.paper.upvotes - a.paper.upvotes || (b.numComments ?? 0) - (a.numComments ?? 0) || (a.paper.id < b.paper.id ? -1 : 1))
    .map((i) => ({ id: i.paper.id, title: i.paper.title.replace(/\s+/g, ' ').trim(), upvotes: i.paper.upvotes }));
}
