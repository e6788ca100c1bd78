/**
 * QueryGroups under churn: groups added and deleted at random while every hash collides with many others, so the
 * hash chains (linking, unlinking the first, middle and last group, reusing freed ids, compacting the code pool) are
 * exercised; checked against a plain Map of the live groups.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryGroups } from '../../src/alerts/query-groups.ts';

/** A one-term query, or an AND of two terms: valid code as `query-code.ts` writes it. */
const codeOf = (a: number, b: number): number[] => (a === b ? [0, 3, a] : [3, 8, 0, 3, a, 0, 3, b]);
const keyOf = (scope: number, code: number[]) => `${scope}:${code.join(',')}`;

describe('QueryGroups hash chains under churn', () => {
  it('finds every live group and no deleted one, with 4 hash values for all groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.boolean(), scope: fc.integer({ min: 0, max: 2 }), a: fc.integer({ min: 0, max: 40 }), b: fc.integer({ min: 0, max: 40 }) }), {
          minLength: 50,
          maxLength: 3_000,
        }),
        (ops) => {
          const groups = new QueryGroups((scope, code) => ((code[2] ?? 0) + scope) & 3);
          const live = new Map<string, { id: number; scope: number; code: number[] }>();
          for (const op of ops) {
            const code = codeOf(op.a, op.b);
            const key = keyOf(op.scope, code);
            const had = live.get(key);
            if (op.add && !had) live.set(key, { id: groups.add(op.scope, code, [op.a], true), scope: op.scope, code });
            else if (!op.add && had) {
              groups.delete(had.id);
              live.delete(key);
            }
            expect(groups.idOf(op.scope, code)).toBe(live.get(key)?.id);
          }
          for (const { id, scope, code } of live.values()) {
            expect(groups.idOf(scope, code)).toBe(id);
            expect(groups.termsOf(id).sort((x, y) => x - y)).toEqual([...new Set(code.length === 3 ? [code[2]] : [code[4], code[7]])].sort((x, y) => x! - y!));
          }
          const ids = [...live.values()].map((g) => g.id);
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps every live group and its code through compaction of the code pool', () => {
    const groups = new QueryGroups(() => 7); // every group in one chain
    const live = new Map<number, number[]>();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 1_500; i++) {
        const code = codeOf(round * 1_500 + i + 1, 0);
        live.set(groups.add(0, code, [code[4]!], true), code);
      }
      let n = 0;
      for (const [id, code] of [...live]) {
        if (n++ % 3 === 0) continue; // deletes two in three, so the garbage passes half the pool and it is compacted
        groups.delete(id);
        live.delete(id);
        expect(groups.idOf(0, code)).toBeUndefined();
      }
    }
    for (const [id, code] of live) expect(groups.idOf(0, code)).toBe(id);
  });
});
