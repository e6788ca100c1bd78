import { describe, expect, it } from 'vitest';
import { anchorTerms, termKey } from '../../src/alerts/index-keys.ts';
import { parseQuery } from '../../src/alerts/query.ts';
import type { QueryNode } from '../../src/alerts/query.ts';

const keysOf = (query: string | QueryNode) => {
  const terms = anchorTerms(typeof query === 'string' ? parseQuery(query) : query);
  if (terms === null) return null;
  const keys = terms.map((t) => termKey(t).key).map((k) => (k.tail === null ? k.head : `${k.head} + ${k.tail}`));
  return [...new Set(keys)];
};

describe('anchorTerms and termKey: a small set of keys, one of which every matching paper has', () => {
  it.each([
    ['a word is its own key (folded)', 'Agents', ['agent']],
    ['a phrase is keyed by one bigram, preferring rare-looking words', '"diffusion models for protein design"', ['protein + design']],
    ['a phrase of common words still gets a bigram', '"large language models"', ['large + language']],
    ['a phrase of distinctive words', '"sparse autoencoders"', ['sparse + autoencoder']],
    ['title/abstract/keyword terms share the unprefixed keys', 'title:"world model"', ['world + model']],
    ['author terms are keyed in the author space', 'author:"Yann LeCun"', ['a:yann + lecun']],
    ['org terms are keyed in the org space', 'org:meta', ['o:meta']],
    ['AND needs one conjunct: the most selective', 'model diffusion', ['diffusion']],
    ['AND ignores exclusions and filters', 'agent -survey upvotes>=10', ['agent']],
    ['OR needs every branch', 'diffusion OR "flow matching"', ['diffusion', 'flow + matching']],
    ['an OR of rare words can beat a common conjunct', '(diffusion OR flow) model', ['diffusion', 'flow']],
    ['a rare conjunct beats an OR', '(gan OR vae) diffusion', ['diffusion']],
    ['NOT of an OR of exclusions is an AND (De Morgan)', '-(-diffusion OR -transformer)', ['diffusion']],
    ['NOT of an AND of exclusions is an OR (De Morgan)', '-(-diffusion -transformer)', ['diffusion', 'transformer']],
    ['duplicate keys are merged', 'agent OR agents', ['agent']],
  ])('%s: %s', (_case, query, keys) => {
    expect(keysOf(query)).toEqual(keys);
  });

  it('a query that can match without any of its words has no keys (hand-built; the parser rejects it)', () => {
    const agent = parseQuery('agent');
    expect(keysOf({ type: 'or', pos: 0, operands: [agent, { type: 'not', pos: 0, operand: agent }] })).toBeNull();
  });
});
