import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeArxivDay, FakeArxivPaper } from './arxiv-data.ts';
import { buildAtom, buildRss } from './arxiv-xml-build.ts';

/** rss.arxiv.org's cap on one feed. */
export const RSS_ITEM_CAP = 2_000;
/** The channel's own `atom:link` says application/rss+xml; the API feed's link says application/atom+xml. */
export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export type ArxivFault =
  | { kind: 'status'; status: number; retryAfterSec?: number }
  | { kind: 'hang' }
  /** A 200 whose body is not XML at all. */
  | { kind: 'malformed' }
  /** A 200 whose body stops after this share of the document (mid-item), as a cut connection would leave it. */
  | { kind: 'truncated'; fraction: number };

export interface ArxivRequest {
  path: string;
  query: Record<string, string>;
  at: number;
  userAgent: string | undefined;
  status: number;
  headers: Record<string, string | undefined>;
}

export interface FakeArxiv {
  url: string;
  rssUrl: string;
  apiUrl: string;
  requests: ArxivRequest[];
  /** Makes `day` the current announcement (the feed answers it from now on, with a new ETag). */
  announce(day: FakeArxivDay): void;
  /** The next `times` requests whose path contains `path` (default any) get this fault. */
  failNext(fault: ArxivFault, times?: number, path?: string): void;
  close(): Promise<void>;
}

export interface FakeArxivOptions {
  /** Items one feed holds at most (arXiv's 2,000 unless a test lowers it). */
  itemCap?: number;
}

/**
 * A loopback arXiv: `/rss/<cats joined with +>` (RSS 2.0 rebuilt from real captures, {@link buildRss}) with ETag and
 * Last-Modified (304 to a matching conditional request) and the item cap; `/api/query` (search_query with `cat:` terms
 * and `submittedDate:[FROM TO]`, id_list, start, max_results) in Atom. Records each request's time and User-Agent.
 */
export async function startFakeArxiv(first: FakeArxivDay, opts: FakeArxivOptions = {}): Promise<FakeArxiv> {
  const cap = opts.itemCap ?? RSS_ITEM_CAP;
  let current = first;
  let modified = new Date(first.lastBuildDate);
  const known = new Map<string, FakeArxivPaper>(first.papers.map((p) => [p.id, p]));
  const faults: Array<{ fault: ArxivFault; left: number; path?: string }> = [];
  const requests: ArxivRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const send = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body = '') => {
    record(req, status);
    res.writeHead(status, headers).end(body);
  };
  /** Every request as it arrives; status 0 for one left hanging. */
  const record = (req: IncomingMessage, status: number) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      at: Date.now(),
      userAgent: req.headers['user-agent'],
      status,
      headers: { 'if-none-match': req.headers['if-none-match'], 'if-modified-since': req.headers['if-modified-since'] },
    });
  };

  function rss(req: IncomingMessage, res: ServerResponse, cats: string[]) {
    const matching = current.papers.filter((p) => p.categories.length === 0 || p.categories.some((c) => cats.includes(c)));
    const body = buildRss(current, cats, matching.slice(0, cap));
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = modified.toUTCString();
    const since = req.headers['if-modified-since'];
    const fresh = req.headers['if-none-match'] ? req.headers['if-none-match'] === etag : !!since && new Date(since) >= new Date(lastModified);
    if (fresh) return send(req, res, 304, { etag, 'last-modified': lastModified });
    send(req, res, 200, { 'content-type': RSS_CONTENT_TYPE, etag, 'last-modified': lastModified }, body);
  }

  function api(req: IncomingMessage, res: ServerResponse, u: URL) {
    const start = Number(u.searchParams.get('start') ?? 0);
    const max = Math.min(Number(u.searchParams.get('max_results') ?? 10), 2_000);
    const ids = (u.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    const q = u.searchParams.get('search_query') ?? '';
    let hits: FakeArxivPaper[];
    if (ids.length) hits = ids.map((id) => known.get(id.replace(/v\d+$/, ''))).filter((p): p is FakeArxivPaper => !!p);
    else {
      const cats = [...q.matchAll(/cat:([\w.-]+)/g)].map((m) => m[1]!);
      const range = /submittedDate:\[(\d{12}) TO (\d{12})\]/.exec(q);
      const at = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12));
      hits = [...known.values()]
        .filter((p) => !cats.length || p.categories.some((c) => cats.includes(c)))
        .filter((p) => !range || (!!p.submitted && p.submitted.getTime() >= at(range[1]!) && p.submitted.getTime() < at(range[2]!) + 60_000))
        .sort((a, b) => (a.submitted?.getTime() ?? 0) - (b.submitted?.getTime() ?? 0));
    }
    send(req, res, 200, { 'content-type': ATOM_CONTENT_TYPE }, buildAtom(u.search.slice(1), hits.length, start, hits.slice(start, start + max)));
  }

  function applyFault(fault: ArxivFault, req: IncomingMessage, res: ServerResponse, u: URL) {
    if (fault.kind === 'hang') return void (record(req, 0), hanging.add(res));
    if (fault.kind === 'malformed') return send(req, res, 200, { 'content-type': RSS_CONTENT_TYPE }, '<html><body>Service temporarily unavailable</body>');
    if (fault.kind === 'truncated') {
      const cats = decodeURIComponent(u.pathname.slice('/rss/'.length)).split('+');
      const body = buildRss(current, cats, current.papers.filter((p) => p.categories.length === 0 || p.categories.some((c) => cats.includes(c))).slice(0, cap));
      return send(req, res, 200, { 'content-type': RSS_CONTENT_TYPE }, body.slice(0, Math.floor(body.length * fault.fraction)));
    }
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (fault.retryAfterSec !== undefined) headers['retry-after'] = String(fault.retryAfterSec);
    send(req, res, fault.status, headers, `injected ${fault.status}`);
  }

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const i = faults.findIndex((f) => f.left > 0 && (!f.path || u.pathname.includes(f.path)));
    if (i >= 0) {
      const f = faults[i]!;
      if (--f.left === 0) faults.splice(i, 1);
      return applyFault(f.fault, req, res, u);
    }
    if (u.pathname.startsWith('/rss/')) return rss(req, res, decodeURIComponent(u.pathname.slice('/rss/'.length)).split('+'));
    if (u.pathname === '/api/query') return api(req, res, u);
    if (u.pathname === '/moved/api/query') return send(req, res, 301, { location: `/api/query${u.search}` });
    send(req, res, 404, { 'content-type': 'text/plain' }, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    rssUrl: url,
    apiUrl: `${url}/api/query`,
    requests,
    announce(day) {
      current = day;
      modified = new Date(Math.max(modified.getTime() + 1000, new Date(day.lastBuildDate).getTime()));
      for (const p of day.papers) known.set(p.id, p);
    },
    failNext(fault, times = 1, path) {
      faults.push({ fault, left: times, ...(path ? { path } : {}) });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
