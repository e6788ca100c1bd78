import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

/** arXiv asks for at most one request every 3 seconds, on one connection. */
export const ARXIV_INTERVAL_MS = 3_000;

export interface ArxivResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** No answer: refused, reset, timed out, or a body cut short by the connection. */
export class ArxivUnreachableError extends Error {
  override name = 'ArxivUnreachableError';
}

export interface PacedHttpOptions {
  userAgent: string;
  /** Least time between the starts of two requests (default {@link ARXIV_INTERVAL_MS}). */
  intervalMs?: number;
  /** One request's limit (default 30 s). */
  timeoutMs?: number;
}

export interface PacedHttp {
  get(url: string, headers?: Record<string, string>): Promise<ArxivResponse>;
  close(): void;
}

/**
 * Every request to arXiv (RSS and API alike) goes through one p-queue: one at a time, the starts of two requests at
 * least `intervalMs` apart in any window (strict sliding window), and each also at least `intervalMs` after the previous
 * answer ended, over one kept-alive socket per protocol.
 */
export function createPacedHttp(opts: PacedHttpOptions): PacedHttp {
  const queue = new PQueue({ concurrency: 1, intervalCap: 1, interval: opts.intervalMs ?? ARXIV_INTERVAL_MS, strict: true });
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 1 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 1 }) };
  const timeoutMs = opts.timeoutMs ?? 30_000;

  const once = (url: string, headers: Record<string, string>) =>
    new Promise<ArxivResponse>((resolve, reject) => {
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(
        u,
        { agent: secure ? agents.https : agents.http, headers: { 'user-agent': opts.userAgent, 'accept-encoding': 'identity', ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (err) => reject(new ArxivUnreachableError(`the answer was cut short (${err.message})`)));
          res.on('aborted', () => reject(new ArxivUnreachableError('the answer was cut short')));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new ArxivUnreachableError(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => reject(err instanceof ArxivUnreachableError ? err : new ArxivUnreachableError(err.message)));
      req.end();
    });

  const interval = opts.intervalMs ?? ARXIV_INTERVAL_MS;
  let lastEnded = 0;
  /** p-queue's window counts starts; arXiv sees arrivals, which a slow connection delays. So also wait from the last answer's end. */
  const paced = async (url: string, headers: Record<string, string>) => {
    const wait = lastEnded + interval - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await once(url, headers);
    } finally {
      lastEnded = Date.now();
    }
  };

  return {
    /** Follows up to 3 redirects (e.g. http → https), each a paced request of its own. */
    async get(url, headers = {}) {
      let at = url;
      for (let hop = 0; ; hop++) {
        const res = await queue.add(() => paced(at, headers));
        const location = res.headers.location;
        if (![301, 302, 303, 307, 308].includes(res.status) || !location || hop === 3) return res;
        at = new URL(location, at).href;
      }
    },
    close: () => {
      queue.clear();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
