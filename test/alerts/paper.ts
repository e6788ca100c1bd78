import type { Paper } from '../../src/model.ts';

/** A paper with empty fields except those given. */
export function paper(fields: Partial<Paper> = {}): Paper {
  const id = fields.id ?? '2601.00001';
  return {
    id,
    title: '',
    summary: '',
    keywords: [],
    authors: [],
    upvotes: 0,
    comments: 0,
    day: '2026-01-05',
    links: {
      hf: `https://huggingface.co/papers/${id}`,
      arxiv: `https://arxiv.org/abs/${id}`,
      pdf: `https://arxiv.org/pdf/${id}`,
    },
    ...fields,
  };
}
