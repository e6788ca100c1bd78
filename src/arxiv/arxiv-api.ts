import type { Paper } from '../model.ts';
import { submissionWindow } from './announcement-schedule.ts';
import type { PacedHttp } from './arxiv-http.ts';
import { ArxivFormatError } from './arxiv-xml.ts';
import { parseArxivAtom, type ArxivApiPage } from './parse-atom.ts';
import { retryAfterMs, RetryableError, withRetries, type RetryPolicy } from './with-retries.ts';

export interface ArxivApi {
  /** The papers with these ids (without version), in chunks of `pageSize`; unknown ids are left out. */
  lookup(ids: readonly string[]): Promise<Paper[]>;
  /** The new submissions of the announcement dated `day` in `categories` that `known` lacks (see {@link completeAnnouncement}). */
  completeAnnouncement(day: string, skipDays: readonly string[], categories: readonly string[], known: ReadonlySet<string>): Promise<Paper[]>;
}

/** `submittedDate:[FROM TO]` takes GMT minutes, YYYYMMDDHHMM. */
const minutes = (d: Date) => d.toISOString().slice(0, 16).replace(/[-T:]/g, '');

export function createArxivApi(http: PacedHttp, apiUrl: string, retry: RetryPolicy, pageSize = 500): ArxivApi {
  async function page(params: Record<string, string>): Promise<ArxivApiPage> {
    const url = `${apiUrl}?${new URLSearchParams(params)}`;
    const { value } = await withRetries(async () => {
      const res = await http.get(url).catch((err: Error) => {
        throw new RetryableError(`arXiv API: ${err.message}`);
      });
      if (res.status === 429 || res.status >= 500)
        throw new RetryableError(`arXiv API answered ${res.status}`, retryAfterMs(res.headers['retry-after'], retry.capMs));
      if (res.status !== 200) throw new Error(`arXiv API answered ${res.status}`);
      try {
        return parseArxivAtom(res.body);
      } catch (err) {
        if (err instanceof ArxivFormatError) throw new RetryableError(`arXiv API answer is malformed: ${err.message}`);
        throw err;
      }
    }, retry);
    return value;
  }

  async function* pages(params: Record<string, string>): AsyncGenerator<ArxivApiPage> {
    for (let start = 0; ; start += pageSize) {
      const p = await page({ ...params, start: String(start), max_results: String(pageSize) });
      yield p;
      if (p.papers.length === 0 || start + pageSize >= p.total) return;
    }
  }

  return {
    async lookup(ids) {
      const found: Paper[] = [];
      for (let i = 0; i < ids.length; i += pageSize) {
        const chunk = ids.slice(i, i + pageSize);
        found.push(...(await page({ id_list: chunk.join(','), start: '0', max_results: String(chunk.length) })).papers);
      }
      return found;
    },

    /**
     * A feed cut short (the 2,000-item cap, a partial answer) is completed by asking the API for every paper in the
     * categories whose first version was submitted in that announcement's window, page by page (paced like every
     * request). What the API finds and the feed lacks is `new` when its primary category is one of ours, else `cross`.
     * Cross-lists of older papers and revisions cannot be found this way.
     */
    async completeAnnouncement(day, skipDays, categories, known) {
      const { from, to } = submissionWindow(day, skipDays);
      const cats = categories.map((c) => `cat:${c}`).join(' OR ');
      const query = `(${cats}) AND submittedDate:[${minutes(from)} TO ${minutes(new Date(to.getTime() - 60_000))}]`;
      const added = new Map<string, Paper>();
      for await (const p of pages({ search_query: query, sortBy: 'submittedDate', sortOrder: 'ascending' })) {
        for (const paper of p.papers) {
          if (known.has(paper.id) || added.has(paper.id)) continue;
          const primary = paper.categories?.[0];
          added.set(paper.id, { ...paper, day, arxivDay: day, announceType: primary && categories.includes(primary) ? 'new' : 'cross' });
        }
      }
      return [...added.values()];
    },
  };
}
