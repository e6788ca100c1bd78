import ky, { HTTPError, TimeoutError } from 'ky';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import { SourceError } from '../errors.ts';
import type { Period } from './period.ts';
import { describeIssues, hfDailyListSchema, hfPaperSchema } from './hf-schema.ts';
import { normaliseDailyItem, normalisePaper } from './normalise.ts';

/** Where papers come from. The HF client is the real one; tests point it at a fake server. */
export interface PapersSource {
  /** Every paper of one Daily Papers day, paging until the list ends. An unpublished day is an empty list. */
  fetchDay(day: string): Promise<Paper[]>;
  /** One paper by arXiv id; SourceError 'not-found' when HF does not know it. */
  fetchPaper(id: string): Promise<Paper>;
  /**
   * Every paper of HF's weekly or monthly list (`daily_papers?week=2026-W34` / `?month=2026-08`), paging until the
   * list ends. Optional: a source without such lists leaves it out and `/papers week` says so.
   */
  fetchPeriod?(period: Period): Promise<Paper[]>;
  readonly endpoint: string;
}

export interface HfClientOptions {
  endpoint: string;
  log: Logger;
  timeoutMs?: number;
  totalTimeoutMs?: number;
  retries?: number;
  /** First retry delay; it doubles each time, with full jitter, up to `maxRetryDelayMs`. */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  pageSize?: number;
  maxPages?: number;
}

export function createHfClient(opts: HfClientOptions): PapersSource {
  const { log, pageSize = 50, maxPages = 20, retryBaseMs = 300 } = opts;
  const totalTimeoutMs = opts.totalTimeoutMs ?? 30_000;
  const api = ky.create({
    prefixUrl: new URL('/api/', opts.endpoint).toString(),
    timeout: opts.timeoutMs ?? 10_000,
    headers: { accept: 'application/json', 'user-agent': 'paperboy (+https://github.com/paperboy-bot)' },
    retry: {
      limit: opts.retries ?? 3,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: totalTimeoutMs,
      backoffLimit: opts.maxRetryDelayMs ?? 5_000,
      delay: (attempt) => retryBaseMs * 2 ** (attempt - 1),
      jitter: true,
      retryOnTimeout: true,
    },
    hooks: {
      beforeRetry: [({ request, error, retryCount }) => log.warn({ url: request.url, retryCount, error: String(error) }, 'retrying HF request')],
    },
  });

  async function getJson(path: string, what: string): Promise<unknown> {
    try {
      return await api.get(path, { signal: AbortSignal.timeout(totalTimeoutMs) }).json();
    } catch (err) {
      throw toSourceError(err, what);
    }
  }

  /**
   * HF's weekly or monthly list, page by page, each paper once. Its items are daily-list items, each dated by its own
   * `submittedOnDailyAt` (no listed day to fall back on).
   */
  async function fetchPeriodList(period: Period): Promise<Paper[]> {
    const what = `${period.kind} ${period.key}`;
    const byId = new Map<string, Paper>();
    for (let page = 0; page < maxPages; page++) {
      const raw = await getJson(`daily_papers?${period.kind}=${period.key}&limit=${pageSize}&p=${page}`, `the papers of ${what}`);
      const parsed = hfDailyListSchema.safeParse(raw);
      if (!parsed.success) throw new SourceError(`Hugging Face sent an unreadable list for ${what}: ${describeIssues(parsed.error)}`, 'bad-response');
      for (const item of parsed.data) if (!byId.has(item.paper.id)) byId.set(item.paper.id, normaliseDailyItem(item, undefined));
      if (parsed.data.length < pageSize) break;
    }
    return [...byId.values()];
  }

  return {
    endpoint: opts.endpoint,
    async fetchDay(day) {
      const byId = new Map<string, Paper>();
      for (let page = 0; page < maxPages; page++) {
        const raw = await getJson(`daily_papers?date=${day}&limit=${pageSize}&p=${page}`, `the papers of ${day}`);
        const parsed = hfDailyListSchema.safeParse(raw);
        if (!parsed.success)
          throw new SourceError(`Hugging Face sent an unreadable list for ${day}: ${describeIssues(parsed.error)}`, 'bad-response');
        for (const item of parsed.data) if (!byId.has(item.paper.id)) byId.set(item.paper.id, normaliseDailyItem(item, day));
        if (parsed.data.length < pageSize) break;
      }
      return [...byId.values()];
    },
    fetchPeriod: fetchPeriodList,
    async fetchPaper(id) {
      const raw = await getJson(`papers/${encodeURIComponent(id)}`, `paper ${id}`);
      const parsed = hfPaperSchema.safeParse(raw);
      if (!parsed.success)
        throw new SourceError(`Hugging Face sent an unreadable paper ${id}: ${describeIssues(parsed.error)}`, 'bad-response');
      return normalisePaper(parsed.data, undefined);
    },
  };
}

function toSourceError(err: unknown, what: string): SourceError {
  if (err instanceof HTTPError) {
    const status = err.response.status;
    if (status === 404) return new SourceError(`Hugging Face does not know ${what}`, 'not-found', { cause: err });
    if (status >= 400 && status < 500 && status !== 429)
      return new SourceError(`Hugging Face refused the request for ${what} (HTTP ${status})`, 'bad-response', { cause: err });
    return new SourceError(`Hugging Face is not answering (HTTP ${status}) for ${what}`, 'unreachable', { cause: err });
  }
  if (err instanceof TimeoutError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')))
    return new SourceError(`Hugging Face did not answer in time for ${what}`, 'unreachable', { cause: err });
  if (err instanceof SyntaxError)
    return new SourceError(`Hugging Face sent something that is not JSON for ${what}`, 'bad-response', { cause: err });
  return new SourceError(`Hugging Face is not reachable for ${what}: ${(err as Error)?.message ?? err}`, 'unreachable', {
    cause: err,
  });
}
