import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairTable } from '../../src/alerts/pair-table.ts';

describe('PairTable', () => {
  it('behaves like a Map of pairs under random sets and deletes (growth and reused slots included)', () => {
    const small = fc.nat(60);
    const op = fc.tuple(small, small, fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 1_000_000 }).filter((v) => v !== 0)));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const table = new PairTable(4);
        const model = new Map<string, number>();
        for (const [a, b, value] of ops) {
          table.set(a, b, value);
          if (value === 0) model.delete(`${a},${b}`);
          else model.set(`${a},${b}`, value);
        }
        expect(table.size).toBe(model.size);
        for (let a = 0; a <= 60; a++) for (let b = 0; b <= 60; b++) expect(table.get(a, b)).toBe(model.get(`${a},${b}`) ?? 0);
      }),
      { numRuns: 60 },
    );
  });
});
