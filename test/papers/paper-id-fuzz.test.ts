import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parsePaperId } from '../../src/papers/paper-id.ts';

/** How much of the input an error may repeat (README: "errors quote at most 60 characters of the input"). */
const QUOTED_MAX = 60;

/**
 * Either a valid arXiv id comes back, or a UserError whose message repeats at most 60 characters of the input (the first
 * 61 never appear in it); never anything else.
 */
function idOrUserError(input: string): void {
  let id: string;
  try {
    id = parsePaperId(input);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message.length).toBeGreaterThan(0);
    const tooMuch = [...input.trim()].slice(0, QUOTED_MAX + 1);
    if (tooMuch.length > QUOTED_MAX && tooMuch.at(-1) !== '…') expect(message).not.toContain(tooMuch.join(''));
    return;
  }
  expect(id).toMatch(/^\d{4}\.\d{4,5}$/);
}

const PARTS = [
  'https://', 'http://', 'arxiv.org/abs/', 'arxiv.org/pdf/', 'huggingface.co/papers/', 'arXiv:', '2608.20335', 'v2', '/', '?x=1', '#', ' ', '.',
  '%2F', '%E0%A4%A', '%', '%E0', '%A4', '%ZZ', '%25', 'hep-th/9901001', '😀', '\u0000',
];

/** `%`, `%4`, `%41`, `%E0`, `%zz`: whole and cut-off percent-escapes, valid UTF-8 or not. */
const percentEscape = fc
  .tuple(fc.constantFrom('', '0', '2', '4', '7', '8', 'A', 'C', 'E', 'F', 'f', 'z'), fc.constantFrom('', '0', '1', '4', 'A', 'F', 'a', 'Z'))
  .map(([a, b]) => `%${a}${b}`);
const LINKS = ['arxiv.org/abs/', 'https://arxiv.org/pdf/', 'huggingface.co/papers/', 'https://hf.co/papers/', 'example.org/'];
const escapedLink = fc
  .tuple(fc.constantFrom(...LINKS), fc.array(fc.oneof(percentEscape, fc.constantFrom('2608.20335', 'a', '/', 'v1')), { maxLength: 40 }))
  .map(([link, parts]) => link + parts.join(''));

describe('parsePaperId never fails with anything but a UserError that quotes at most 60 characters', () => {
  it.each([
    ['any code points', fc.string({ unit: 'binary', maxLength: 400 })],
    ['id-like text', fc.array(fc.constantFrom(...PARTS), { maxLength: 30 }).map((p) => p.join(''))],
    ['links with percent-escapes, whole, cut off or not UTF-8', escapedLink],
  ])('%s (10,000 runs)', (_case, arb) => {
    fc.assert(fc.property(arb, idOrUserError), { numRuns: 10_000 });
  });

  it('a broken escape in an arXiv link is the user\'s typo: a short UserError, not a URIError', () => {
    expect(() => parsePaperId('arxiv.org/abs/%E0%A4%A')).toThrow(UserError);
    expect(() => parsePaperId('arxiv.org/abs/%E0%A4%A')).toThrow(/^"arxiv.org\/abs\/%E0%A4%A" has a broken %-escape/);
  });
});
