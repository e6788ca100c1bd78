import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parsePaperId } from '../../src/papers/paper-id.ts';

describe('parsePaperId', () => {
  it.each([
    ['2608.20335', '2608.20335'],
    ['  2608.20335  ', '2608.20335'],
    ['2608.20335v2', '2608.20335'],
    ['arXiv:2608.20335', '2608.20335'],
    ['1706.03762', '1706.03762'],
    ['1412.6980v9', '1412.6980'],
    ['arxiv.org/abs/2608.20335v2', '2608.20335'],
    ['https://arxiv.org/abs/2608.20335', '2608.20335'],
    ['http://www.arxiv.org/abs/2608.20335/', '2608.20335'],
    ['https://arxiv.org/pdf/2608.20335v1', '2608.20335'],
    ['https://arxiv.org/pdf/2608.20335v1.pdf', '2608.20335'],
    ['arxiv.org/html/2608.20335v1', '2608.20335'],
    ['export.arxiv.org/abs/2608.20335', '2608.20335'],
    ['huggingface.co/papers/2608.20335', '2608.20335'],
    ['https://huggingface.co/papers/2608.20335/', '2608.20335'],
    ['https://huggingface.co/papers/2608.20335?utm_source=x#community', '2608.20335'],
    ['www.huggingface.co/papers/2608.20335', '2608.20335'],
    ['hf.co/papers/2608.20335', '2608.20335'],
    ['<https://huggingface.co/papers/2608.20335>', '2608.20335'],
    ['<https://arxiv.org/abs/2608.20335|arxiv.org/abs/2608.20335>', '2608.20335'],
  ])('reads %s as %s', (input, id) => {
    expect(parsePaperId(input)).toBe(id);
  });

  it.each([
    ['', /Give an arXiv id or a paper link/],
    ['banana', /not an arXiv id or a paper link/],
    ['2608.2033', /from 2015 on have 5 digits/],
    ['1412.69801', /before 2015 have 4 digits/],
    ['2613.20335', /not an arXiv id/],
    ['hep-th/9901001', /old-style arXiv id/],
    ['arxiv.org/abs/hep-th/9901001v2', /old-style arXiv id/],
    ['https://example.com/papers/2608.20335', /not an arXiv or Hugging Face link/],
    ['https://huggingface.co/models/2608.20335', /does not point at a paper/],
    ['https://huggingface.co/papers', /does not point at a paper/],
    ['ftp://arxiv.org/abs/2608.20335', /not an arXiv or Hugging Face link/],
    ['huggingface.co/papers/2608.20335/discussion', /does not point at a paper/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parsePaperId(input)).toThrow(UserError);
    expect(() => parsePaperId(input)).toThrow(message);
  });
});
