import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Posting, PostingLists } from '../../src/alerts/posting-lists.ts';

describe('PostingLists', () => {
  it('holds the same sets as a model under random adds and removes on several keys', () => {
    const op = fc.tuple(fc.nat(5), fc.nat(12), fc.boolean());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const lists = new PostingLists();
        const postings: Posting[] = Array.from({ length: 6 }, () => 0);
        const model = Array.from({ length: 6 }, () => new Set<number>());
        const items = (p: Posting): number[] => (p === 0 ? [] : p > 0 ? [p - 1] : [...lists.list(p)]);
        for (const [key, item, add] of ops) {
          if (add && !model[key]!.has(item)) {
            postings[key] = lists.with(postings[key]!, item);
            model[key]!.add(item);
          } else if (!add) {
            postings[key] = lists.without(postings[key]!, item);
            model[key]!.delete(item);
          }
          postings.forEach((p, k) => expect(items(p).sort((a, b) => a - b)).toEqual([...model[k]!].sort((a, b) => a - b)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
