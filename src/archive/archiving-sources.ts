import type { ArxivClient } from '../arxiv/arxiv-client.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import type { PapersSource } from '../papers/hf-client.ts';
import type { Archive } from './archive.ts';

/** Hands papers to the archive without holding up (or failing) the caller: a store error is logged. */
function keeper(archive: Archive, log: Logger) {
  return (papers: readonly Paper[]): void => {
    if (papers.length)
      void archive.record(papers).catch((err: Error) => log.warn({ err: err.message, papers: papers.length }, 'archiving papers failed'));
  };
}

/** The same HF source, archiving every paper it returns (days, weeks, months, single papers). */
export function archivingSource(source: PapersSource, archive: Archive, log: Logger): PapersSource {
  const keep = keeper(archive, log);
  const kept = async (papers: Promise<Paper[]>) => {
    const list = await papers;
    keep(list);
    return list;
  };
  return {
    endpoint: source.endpoint,
    fetchDay: (day) => kept(source.fetchDay(day)),
    fetchPaper: async (id) => (await kept(source.fetchPaper(id).then((p) => [p])))[0]!,
    ...(source.fetchPeriod && { fetchPeriod: (period) => kept(source.fetchPeriod!(period)) }),
  };
}

/** The same arXiv client, archiving each announcement it reads and each paper it looks up. */
export function archivingArxiv(client: ArxivClient, archive: Archive, log: Logger): ArxivClient {
  const keep = keeper(archive, log);
  return {
    ...client,
    async latestAnnouncement() {
      const a = await client.latestAnnouncement();
      if (a) keep(a.papers);
      return a;
    },
    async latest(now) {
      const a = await client.latest(now);
      if (a) keep(a.papers);
      return a;
    },
    async lookup(ids) {
      const found = await client.lookup(ids);
      keep(found);
      return found;
    },
    close: () => client.close(),
  };
}
