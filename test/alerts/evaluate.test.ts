import { describe, expect, it } from 'vitest';
import { matchPaper } from '../../src/alerts/evaluate.ts';
import { parseQuery } from '../../src/alerts/query.ts';
import type { Paper } from '../../src/model.ts';
import { paper } from './paper.ts';

const check = (query: string, fields: Partial<Paper>) => matchPaper(parseQuery(query), paper(fields));

describe('evaluate: words match whole words, case- and accent-insensitively, folding plurals', () => {
  it.each([
    ['agent', 'Multi-Agents at Work', true],
    ['agents', 'An agent at work', true],
    ['LLM', 'Scaling LLMs', true],
    ['llms', 'One LLM', true],
    ['policy', 'Learning Policies', true],
    ['policies', 'A Learned Policy', true],
    ['loss', 'Contrastive losses', true],
    ['RAG', 'Fragment retrieval', false],
    ['RAG', 'Better RAG pipelines', true],
    ['rag', "RAG's limits", true],
    ['learn', 'Learning to learn', true],
    ['learn', 'Learning fast', false],
    ['naive', 'Naïve Bayes strikes back', true],
    ['naïve', 'Naive Bayes strikes back', true],
    ['ＬＬＭ', 'LLM inference', true],
    ['diffusion', 'ＤＩＦＦＵＳＩＯＮ models', true],
    ['cafe', 'Café-bench', true],
    ['model', 'Modeling worlds', false],
  ])('%j in title %j → %s', (query, title, matched) => {
    expect(check(query, { title }).matched).toBe(matched);
  });
});

describe('evaluate: phrases and hyphens', () => {
  it.each([
    ['"world model"', 'Learning World Models', true],
    ['"world model"', 'A model of the world', false],
    ['"world model"', 'World, model', true],
    ['"world models"', 'A world model', true],
    ['vision-language', 'Vision Language Models', true],
    ['"vision language"', 'Vision-Language Models', true],
    ['vision-language', 'Vision–Language (en dash)', true],
    ['vision-language', 'Language and vision', false],
    ['"large language models"', 'Large Language Model agents', true],
    ['"state of the art"', 'State-of-the-art results', true],
    ['gpt-4.5', 'Evaluating GPT-4.5', true],
    ['gpt-4.5', 'Evaluating GPT-4', false],
  ])('%s in title %j → %s', (query, title, matched) => {
    expect(check(query, { title }).matched).toBe(matched);
  });

  it('a phrase does not span two keywords or two authors', () => {
    expect(check('"world model"', { keywords: ['world', 'model'] }).matched).toBe(false);
    expect(check('author:"lecun yann"', { authors: ['Ann LeCun', 'Yann Smith'] }).matched).toBe(false);
  });
});

describe('evaluate: fields', () => {
  const p: Partial<Paper> = {
    title: 'Diffusion Policies',
    summary: 'We study world models for robots.',
    aiSummary: 'A robot learns by imagining.',
    keywords: ['reinforcement learning', 'RL'],
    authors: ['Yann LeCun', 'Ada Long'],
    organization: 'Meta',
    upvotes: 42,
  };
  it.each([
    ['diffusion', true, ['"diffusion" in title']],
    ['robot', true, ['"robot" in abstract, AI summary']],
    ['imagining', true, ['"imagining" in AI summary']],
    ['"reinforcement learning"', true, ['"reinforcement learning" in keywords']],
    ['title:diffusion', true, ['"diffusion" in title']],
    ['title:robot', false, []],
    ['abstract:robots', true, ['"robots" in abstract']],
    ['abstract:imagining', false, []],
    ['keyword:rl', true, ['"rl" in keywords']],
    ['keyword:diffusion', false, []],
    ['author:lecun', true, ['author "Yann LeCun"']],
    ['author:"Yann LeCun"', true, ['author "Yann LeCun"']],
    ['author:yann', true, ['author "Yann LeCun"']],
    ['author:"LeCun Yann"', false, []],
    ['long', false, []],
    ['author:long', true, ['author "Ada Long"']],
    ['lecun', false, []],
    ['org:meta', true, ['org "Meta"']],
    ['meta', false, []],
  ])('%s → %s %j', (query, matched, why) => {
    expect(check(query, p)).toEqual({ matched, why });
  });

  it('lists every matching author', () => {
    expect(check('author:wang', { authors: ['Wei Wang', 'Li Chen', 'Li Wang'] }).why).toEqual([
      'authors "Wei Wang", "Li Wang"',
    ]);
  });
});

describe('evaluate: operators, upvotes and reasons', () => {
  const p: Partial<Paper> = { title: 'Diffusion Transformers', summary: 'Video generation at scale.', upvotes: 42 };
  it.each([
    ['diffusion video', true, ['"diffusion" in title', '"video" in abstract']],
    ['diffusion audio', false, []],
    ['diffusion OR audio', true, ['"diffusion" in title']],
    ['diffusion OR video', true, ['"diffusion" in title', '"video" in abstract']],
    ['audio OR speech', false, []],
    ['diffusion -video', false, []],
    ['diffusion -audio', true, ['"diffusion" in title']],
    ['diffusion NOT (audio OR video)', false, []],
    ['diffusion -(audio video)', true, ['"diffusion" in title']],
    ['(audio OR transformer) scale', true, ['"transformer" in title', '"scale" in abstract']],
    ['audio OR transformer scale', true, ['"transformer" in title', '"scale" in abstract']],
    ['audio video OR transformer', true, ['"transformer" in title']],
    ['diffusion diffusion', true, ['"diffusion" in title']],
    ['diffusion upvotes>=20', true, ['"diffusion" in title', 'upvotes 42 ≥ 20']],
    ['diffusion upvotes>=42', true, ['"diffusion" in title', 'upvotes 42 ≥ 42']],
    ['diffusion upvotes>42', false, []],
    ['diffusion upvotes<50', true, ['"diffusion" in title', 'upvotes 42 < 50']],
    ['diffusion upvotes<=41', false, []],
    ['diffusion upvotes=42', true, ['"diffusion" in title', 'upvotes 42 = 42']],
    ['diffusion -upvotes>=100', true, ['"diffusion" in title']],
  ])('%s → %s %j', (query, matched, why) => {
    expect(check(query, p)).toEqual({ matched, why });
  });
});
