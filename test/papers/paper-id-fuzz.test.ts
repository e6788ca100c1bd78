import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parsePaperId } from '../../src/papers/paper-id.ts';

/** Either a valid arXiv id comes back, or a UserError with a message; never anything else. */
function idOrUserError(input: string): void {
  let id: string;
  try {
    id = parsePaperId(input);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message.length).toBeGreaterThan(0);
    return;
  }
  expect(id).toMatch(/^\d{4}\.\d{4,5}$/);
}

const PARTS = ['https://', 'http://', 'arxiv.org/abs/', 'arxiv.org/pdf/', 'huggingface.co/papers/', 'arXiv:', '2608.20335', 'v2', '/', '?x=1', '#', ' ', '.', '%2F', 'hep-th/9901001', '😀', '\u0000'];

describe('parsePaperId never fails with anything but a UserError', () => {
  it.each([
    ['any code points', fc.string({ unit: 'binary', maxLength: 400 })],
    ['id-like text', fc.array(fc.constantFrom(...PARTS), { maxLength: 12 }).map((p) => p.join(''))],
  ])('%s (10,000 runs)', (_case, arb) => {
    fc.assert(fc.property(arb, idOrUserError), { numRuns: 10_000 });
  });
});
