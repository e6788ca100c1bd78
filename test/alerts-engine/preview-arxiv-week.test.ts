/**
 * The subscribe preview over arXiv covers the announcements of the last 7 days that the archive kept, not only the
 * newest one, and its per-day rate divides by the announcement days it looked at.
 */
import { describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.ts';
import { previewQuery } from '../../src/alerts/preview.ts';
import { parseAlertQuery } from '../../src/alerts/query.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/model.ts';
import type { PapersService } from '../../src/papers/papers-service.ts';
import { openPeerStores } from '../helpers/backends.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

const base = [...new Map(allFixturePapers().map((p) => [p.id, p])).values()];
/** A real paper as arXiv announced it on `day` (arXiv-only: no HF listing). */
const onArxiv = (p: Paper, day: string): Paper => ({ ...p, day, seenOn: ['arxiv'], categories: ['cs.CL'], announceType: 'new', arxivDay: day });
const noHf = {} as PapersService; // source:arxiv never asks HF

describe('the subscribe preview over arXiv', () => {
  it('looks at every announcement of the last 7 days the archive holds, and rates matches per announcement day', async () => {
    const peers = await openPeerStores('memory://', 1);
    try {
      const archive = createArchive({ store: peers.stores[0]!, log: silentLogger(), retentionDays: 365, syncMs: 0 });
      await archive.start();
      const [old, twoDays, threeDays, newest] = [base[0]!, base[1]!, base[2]!, base[3]!];
      await archive.record([onArxiv(old, '2026-06-01'), onArxiv(twoDays, '2026-06-15'), onArxiv(threeDays, '2026-06-16')]);
      const latest = { latest: async () => ({ day: '2026-06-17', papers: [onArxiv(newest, '2026-06-17')] }) };
      const title = (p: Paper) => `title:"${p.title.split(/\s+/).slice(0, 3).join(' ')}"`;
      const query = parseAlertQuery(`(${[twoDays, newest, old].map(title).join(' OR ')}) source:arxiv`);
      const now = new Date('2026-06-17T12:00:00Z');

      const withArchive = await previewQuery(noHf, latest, query, now, 7, (from, to) => archive.announced(from, to));
      expect((await archive.get(twoDays.id))?.seenOn).toEqual(['arxiv']); // the stored form keeps the source
      expect(withArchive.arxivDays).toEqual(['2026-06-15', '2026-06-16', '2026-06-17']); // 06-01 is older than 7 days
      expect(withArchive.papers).toBe(3);
      expect(withArchive.matches.map((m) => m.paper.id).sort()).toEqual([twoDays.id, newest.id].sort());
      expect(withArchive.perDay).toBeCloseTo(2 / 3);

      const newestOnly = await previewQuery(noHf, latest, query, now, 7);
      expect(newestOnly.arxivDays).toEqual(['2026-06-17']);
      expect(newestOnly.matches.map((m) => m.paper.id)).toEqual([newest.id]);
    } finally {
      await peers.close();
    }
  });
});
