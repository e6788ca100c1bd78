import { describe, expect, it } from 'vitest';
import { DIGEST_SHOWN, digestReply } from '../../src/digests/digest-reply.ts';
import { heldAlert } from '../../src/digests/held-alerts.ts';
import type { Paper } from '../../src/model.ts';

const paper = (id: string, upvotes: number): Paper => ({
  id, title: `Paper ${id}`, summary: '', keywords: [], authors: [], upvotes, comments: 0, day: '2026-08-20',
  links: { hf: '', arxiv: '', pdf: '' },
});
const to = { platform: 'console' as const, community: 'local', channel: 'c', user: 'u' };
const queries = new Map([['aaaaaa', 'diffusion'], ['bbbbbb', 'agents']]);
const at = new Date('2026-08-20T12:00:00Z');

describe('a digest message', () => {
  it('groups by subscription in their order, most upvoted first within each, and says why', () => {
    const reply = digestReply('daily', to, [
      heldAlert(paper('1', 5), ['"diffusion" in title'], ['aaaaaa'], at),
      heldAlert(paper('2', 50), ['"agents" in title'], ['bbbbbb'], at),
      heldAlert(paper('3', 9), ['"diffusion" in title'], ['bbbbbb', 'aaaaaa'], at),
    ], queries);
    if (reply.kind !== 'digest') throw new Error(reply.kind);
    expect(reply.title).toBe('Daily digest of your alerts · 3 papers');
    expect(reply.papers.map((p) => p.paper.id)).toEqual(['3', '1', '2']);
    expect(reply.papers[0]!.why?.[0]).toBe('for diffusion (aaaaaa)');
    expect(reply.papers[2]!.why?.[0]).toBe('for agents (bbbbbb)');
    expect(reply.note).not.toContain('more');
  });

  it(`shows the ${DIGEST_SHOWN} most upvoted and counts the rest per subscription`, () => {
    const alerts = Array.from({ length: 24 }, (_, i) => heldAlert(paper(String(100 + i), i), [], [i % 3 ? 'aaaaaa' : 'bbbbbb'], at));
    const reply = digestReply('weekly', { ...to, user: undefined }, alerts, queries);
    if (reply.kind !== 'digest') throw new Error(reply.kind);
    expect(reply.papers).toHaveLength(DIGEST_SHOWN);
    expect(Math.min(...reply.papers.map((p) => p.paper.upvotes))).toBe(14);
    expect(reply.title).toBe("Weekly digest of this channel's alerts · 24 papers");
    expect(reply.note).toContain('…and 14 more: 9 for diffusion (aaaaaa), 5 for agents (bbbbbb).');
  });
});
