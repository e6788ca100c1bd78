import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/hf-daily-papers');

/** Raw HF daily_papers items per day, loaded from the captured fixtures (malformed one excluded). */
export function loadFixtureDays(): Map<string, unknown[]> {
  const days = new Map<string, unknown[]>();
  for (const f of readdirSync(FIXTURE_DIR)) {
    const m = /^(\d{4}-\d{2}-\d{2})\.json$/.exec(f);
    if (m) days.set(m[1]!, JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as unknown[]);
  }
  return days;
}

export type HfFault =
  | { kind: 'status'; status: number; retryAfterSec?: number }
  | { kind: 'hang' }
  /** Answers normally once `open` resolves: a slow source whose answer the test releases. */
  | { kind: 'gate'; open: Promise<unknown> }
  | { kind: 'garbage'; body: string }
  | { kind: 'malformed' };

export interface FakeHf {
  url: string;
  days: Map<string, unknown[]>;
  requests: Array<{ path: string; query: Record<string, string> }>;
  /** The next `times` requests matching `path` (substring; default any) get this fault. */
  failNext(fault: HfFault, times?: number, path?: string): void;
  /** Every request gets this fault until cleared with `failAlways(undefined)`. */
  failAlways(fault: HfFault | undefined): void;
  close(): Promise<void>;
}

/** A loopback Hugging Face API serving the captured fixtures, with injectable failures. */
export async function startFakeHf(days = loadFixtureDays()): Promise<FakeHf> {
  const faults: Array<{ fault: HfFault; left: number; path?: string }> = [];
  let always: HfFault | undefined;
  const requests: FakeHf['requests'] = [];
  const malformed = readFileSync(join(FIXTURE_DIR, 'malformed-2024-12-11.json'), 'utf8');
  const hanging = new Set<ServerResponse>();

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

  function applyFault(fault: HfFault, res: ServerResponse, u: URL) {
    if (fault.kind === 'hang') return void hanging.add(res);
    if (fault.kind === 'gate') return void fault.open.then(() => !res.destroyed && serve(u, res));
    if (fault.kind === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end(fault.body);
    if (fault.kind === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end(malformed);
    const headers: Record<string, string> = fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : {};
    json(res, fault.status, { error: `injected ${fault.status}` }, headers);
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: u.pathname, query: Object.fromEntries(u.searchParams) });
    const i = faults.findIndex((f) => f.left > 0 && (!f.path || u.pathname.includes(f.path)));
    if (i >= 0) {
      const f = faults[i]!;
      if (--f.left === 0) faults.splice(i, 1);
      return applyFault(f.fault, res, u);
    }
    if (always) return applyFault(always, res, u);
    serve(u, res);
  }

  function serve(u: URL, res: ServerResponse) {
    const period = u.pathname === '/api/daily_papers' ? periodQuery(u.searchParams) : undefined;
    if (period) {
      if (!period.valid) return json(res, 400, { error: `Invalid ${period.kind}` });
      const limit = Number(u.searchParams.get('limit') ?? 50);
      const page = Number(u.searchParams.get('p') ?? 0);
      return json(res, 200, periodItems(days, period.kind, period.value).slice(page * limit, (page + 1) * limit));
    }
    if (u.pathname === '/api/daily_papers') {
      const date = u.searchParams.get('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return json(res, 400, { error: 'Invalid date' });
      const limit = Number(u.searchParams.get('limit') ?? 50);
      const page = Number(u.searchParams.get('p') ?? 0);
      return json(res, 200, (days.get(date) ?? []).slice(page * limit, (page + 1) * limit));
    }
    const one = /^\/api\/papers\/([^/]+)$/.exec(u.pathname);
    if (one) {
      for (const items of days.values())
        for (const item of items as Array<{ paper: { id: string } }>)
          if (item.paper.id === decodeURIComponent(one[1]!)) return json(res, 200, item.paper);
      return json(res, 404, { error: 'Paper not found' });
    }
    json(res, 404, { error: 'Not found' });
  }

  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    days,
    requests,
    failNext(fault, times = 1, path) {
      faults.push({ fault, left: times, path });
    },
    failAlways(fault) {
      always = fault;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

type PeriodKind = 'week' | 'month';

/** `week=YYYY-Www` or `month=YYYY-MM` on a daily_papers request, and whether it names a real week or month. */
function periodQuery(q: URLSearchParams): { kind: PeriodKind; value: string; valid: boolean } | undefined {
  const week = q.get('week');
  if (week !== null) {
    const m = /^(\d{4})-W(\d{2})$/.exec(week);
    const valid = !!m && DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: 'utc' }).isValid;
    return { kind: 'week', value: week, valid };
  }
  const month = q.get('month');
  if (month !== null) return { kind: 'month', value: month, valid: /^\d{4}-(0[1-9]|1[0-2])$/.test(month) };
  return undefined;
}

/** The ISO week (`2026-W34`) or month (`2026-08`) of a UTC day. */
export const periodKeyOf = (kind: PeriodKind, day: string): string =>
  kind === 'week' ? DateTime.fromISO(day, { zone: 'utc' }).toFormat("kkkk-'W'WW") : day.slice(0, 7);

/**
 * A weekly or monthly list as the fake serves it, derived from the captured daily lists (see the fixtures' README):
 * the items of every captured day in that ISO week or month, each paper once (its newest capture: a paper listed on two
 * days carries the later, higher upvote count), most upvoted first (as every captured daily list is; ties newest day
 * first). Items are the captured ones, unchanged.
 */
export function periodItems(days: Map<string, unknown[]>, kind: PeriodKind, value: string): unknown[] {
  const seen = new Set<string>();
  const items: unknown[] = [];
  for (const day of [...days.keys()].sort().reverse()) {
    if (periodKeyOf(kind, day) !== value) continue;
    for (const item of days.get(day)! as Array<{ paper: { id: string } }>) {
      if (seen.has(item.paper.id)) continue;
      seen.add(item.paper.id);
      items.push(item);
    }
  }
  return items.sort((a, b) => upvotesOf(b) - upvotesOf(a));
}

const upvotesOf = (item: unknown) => (item as { paper: { upvotes: number } }).paper.upvotes;
