import type { PacedHttp } from './arxiv-http.ts';
import { ArxivFormatError, salvageTruncated } from './arxiv-xml.ts';
import { parseArxivRss, type ArxivRssFeed } from './parse-rss.ts';
import { retryAfterMs, RetryableError, withRetries, type RetryPolicy } from './with-retries.ts';

/** What makes the next request conditional. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

export type FeedRead = { attempts: number; errors: string[] } & (
  | { notModified: true }
  | { notModified?: false; feed: ArxivRssFeed; validators: FeedValidators; /** The document stopped mid-way; `feed` holds the items before the cut. */ truncated: boolean }
);

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * One conditional GET of a feed, retried with backoff on no answer, 429, 5xx or a malformed document. A 304 means the
 * announcement is the one already held. A document cut short keeps its complete items (`truncated`), to be completed
 * through the API rather than fetched again.
 */
export async function readFeed(http: PacedHttp, url: string, validators: FeedValidators, retry: RetryPolicy): Promise<FeedRead> {
  const conditional: Record<string, string> = {};
  if (validators.etag) conditional['if-none-match'] = validators.etag;
  if (validators.lastModified) conditional['if-modified-since'] = validators.lastModified;
  const { value, attempts, errors } = await withRetries(async () => {
    const res = await http.get(url, conditional).catch((err: Error) => {
      throw new RetryableError(err.message);
    });
    if (res.status === 304) return { notModified: true as const };
    if (res.status === 429 || res.status >= 500) throw new RetryableError(`answered ${res.status}`, retryAfterMs(res.headers['retry-after'], retry.capMs));
    if (res.status !== 200) throw new Error(`answered ${res.status}`);
    const next: FeedValidators = {};
    const etag = header(res.headers.etag);
    const lastModified = header(res.headers['last-modified']);
    if (etag) next.etag = etag;
    if (lastModified) next.lastModified = lastModified;
    try {
      return { feed: parseArxivRss(res.body), validators: next, truncated: false };
    } catch (err) {
      if (!(err instanceof ArxivFormatError)) throw err;
      const salvaged = err.truncated ? salvageTruncated(res.body) : undefined;
      if (salvaged) return { feed: parseArxivRss(salvaged), validators: {}, truncated: true };
      throw new RetryableError(`malformed feed: ${err.message}`);
    }
  }, retry);
  return { ...value, attempts, errors };
}
