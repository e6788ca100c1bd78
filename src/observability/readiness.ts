import { z } from 'zod';
import type { Store } from '../store/store.ts';

/** A platform adapter as readiness sees it: its name and whether its connection is up right now. */
export interface PlatformConnection {
  readonly platform: string;
  connected(): boolean;
}

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  store: Store;
  platforms: () => readonly PlatformConnection[];
  /** Epoch ms of the newest Hugging Face fetch any instance stored, or undefined when there is none. */
  lastHfFetch: () => Promise<number | undefined>;
  /** The refresh window of the HF data plus grace: older data means not ready. */
  hfMaxAgeMs: number;
  /**
   * True once the process is shutting down (SIGTERM): from then on not ready, whatever else holds, so a load balancer
   * stops routing to it while it finishes its sends (docs/decisions/093). Liveness (`/healthz`) is not affected.
   */
  stopping?: () => boolean;
  /** A store read slower than this counts as not answering; default 2 s. */
  storeTimeoutMs?: number;
  now?: () => number;
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The detail of the `shutdown` check, the only one `/readyz` reports once shutdown started. */
export const SHUTTING_DOWN = 'shutting down: finishing the sends under way, taking no new work';

const minutes = (ms: number) => `${Math.round(ms / 6_000) / 10} min`;

/**
 * Whether this instance can do its job: the store answers a read, every configured platform is connected, and the HF
 * data is fresh (the newest fetch, by any instance, is within its refresh window plus grace). A process that just
 * started counts from its start until then, so a fresh deployment is ready before its first fetch. Once `stopping`
 * says so, the answer is at once not ready with the single check `shutdown` (the store may be closing by then).
 */
export function createReadiness(opts: ReadinessOptions): () => Promise<Readiness> {
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const probe = opts.store.collection('health-probe', z.number());
  const storeTimeoutMs = opts.storeTimeoutMs ?? 2_000;

  async function storeCheck(): Promise<CheckResult> {
    try {
      await within(storeTimeoutMs, probe.get('ping'));
      return { ok: true, detail: `${opts.store.description} answers` };
    } catch (err) {
      return { ok: false, detail: `store not answering: ${(err as Error).message}` };
    }
  }

  async function hfCheck(): Promise<CheckResult> {
    let last: number | undefined;
    try {
      last = await within(storeTimeoutMs, opts.lastHfFetch());
    } catch (err) {
      return { ok: false, detail: `cannot read the HF cache: ${(err as Error).message}` };
    }
    const since = Math.max(last ?? -Infinity, startedAt);
    const age = now() - since;
    const what = last === undefined ? 'no HF fetch yet; started' : 'last HF fetch';
    if (age <= opts.hfMaxAgeMs) return { ok: true, detail: `${what} ${minutes(age)} ago` };
    return { ok: false, detail: `HF data stale: ${what} ${minutes(age)} ago (allowed ${minutes(opts.hfMaxAgeMs)})` };
  }

  return async () => {
    if (opts.stopping?.()) return { ready: false, checks: { shutdown: { ok: false, detail: SHUTTING_DOWN } } };
    const [store, hf] = await Promise.all([storeCheck(), hfCheck()]);
    const checks: Record<string, CheckResult> = { store, hf };
    for (const p of opts.platforms())
      checks[p.platform] = p.connected() ? { ok: true, detail: 'connected' } : { ok: false, detail: 'not connected' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };
}
