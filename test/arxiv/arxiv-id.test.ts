import { describe, expect, it } from 'vitest';
import { arxivIdOf } from '../../src/arxiv/arxiv-id.ts';
import { isRevision } from '../../src/arxiv/arxiv-client.ts';
import { parseArxivRss } from '../../src/arxiv/parse-rss.ts';
import { readFixture } from '../fakes/arxiv-data.ts';

describe('arXiv ids', () => {
  it.each([
    ['oai:arXiv.org:2609.26811v1', { id: '2609.26811', version: 1 }],
    ['https://arxiv.org/abs/2205.06398', { id: '2205.06398' }],
    ['http://arxiv.org/abs/1409.0473v7', { id: '1409.0473', version: 7 }],
    ['oai:arXiv.org:hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['http://arxiv.org/abs/math.GT/0309136v1', { id: 'math.GT/0309136', version: 1 }],
  ])('%s', (text, expected) => expect(arxivIdOf(text)).toEqual(expected));

  it('finds none in text without one', () => {
    expect(arxivIdOf('oai:arXiv.org:')).toBeUndefined();
    expect(arxivIdOf(undefined)).toBeUndefined();
  });
});

describe('revisions', () => {
  it('are flagged so the caller can leave them out', () => {
    const feed = parseArxivRss(readFixture('laya-reader-arxiv_rss.xml'));
    expect(feed.papers.filter((p) => !isRevision(p)).map((p) => p.announceType)).toEqual(['new', 'new', 'cross']);
  });
});
