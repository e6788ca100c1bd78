/**
 * A poll that finds a subscriber's pairs marked for a message under a key, while another instance is still marking
 * them (some pairs marked, one not yet), must not queue that key itself with the papers it sees: the queue keeps the
 * first message under a key, so the paper not yet marked would never be sent (seen as 33 of 36 alerts in
 * two-instances.test.ts on PostgreSQL). The other instance queues the whole message; a writer that died is taken over
 * once its mark is older than a claim's lapse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALERT_CLAIM_TTL_MS, createAlertLedger } from '../../src/alerts/alert-ledger.ts';
import { deliverBatch } from '../../src/alerts/deliver-batch.ts';
import { alertKey } from '../../src/delivery/records.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination, Reply } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

let store: Store | undefined;
afterEach(async () => store?.close());

const to: Destination = { platform: 'discord', community: 'g1', channel: 'c1', user: 'u1' };
const subscriber = 'discord:g1:dm:u1';
const papers = allFixturePapers().slice(0, 5);
const ids = papers.map((p) => p.id);
const key = alertKey(subscriber, ids);
const at = new Date('2026-08-20T09:00:00Z');

async function world() {
  store = await openTestStore('memory://');
  const ledger = createAlertLedger(store);
  const queued: Array<{ key: string; reply: Reply }> = [];
  const ctx = {
    ledger,
    queue: { enqueue: async (item: { key: string; reply: Reply }) => (queued.push(item), 'queued' as const) },
    health: { isFailing: async () => false } as never,
    log: silentLogger(),
    done: new Set<string>(),
    cap: 20,
    day: '2026-08-20',
  };
  // Another instance claimed the five pairs and has marked four of them for its message so far.
  expect(await ledger.claim(subscriber, ids, at)).toEqual(ids);
  await ledger.markQueuing(subscriber, ids, key, at);
  const raw = store.collection('alert-sent', z.object({ state: z.string(), at: z.number() }).passthrough());
  await raw.set(`${subscriber}|${ids[4]}`, { state: 'claimed', at: at.getTime() });
  const batch = { subscriber, to, items: papers.map((paper) => ({ paper, why: ['x'] })) };
  return { ctx, queued, batch };
}

describe('re-queueing a message another instance is still marking', () => {
  it('leaves it alone while the mark is recent', async () => {
    const { ctx, queued, batch } = await world();
    const outcome = await deliverBatch({ ...ctx, now: new Date(at.getTime() + 5_000) }, batch);
    expect(queued).toEqual([]);
    expect(outcome.alerted).toBe(0);
  });

  it('takes it over once the mark is older than a claim lapse (its writer died)', async () => {
    const { ctx, queued, batch } = await world();
    await deliverBatch({ ...ctx, now: new Date(at.getTime() + ALERT_CLAIM_TTL_MS + 1_000) }, batch);
    expect(queued.map((q) => q.key)).toEqual([key]);
  });
});
