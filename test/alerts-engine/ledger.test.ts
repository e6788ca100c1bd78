import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertLedger } from '../../src/alerts/alert-ledger.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** Two stores on one backend with one prefix: two processes' views of the same data (one store on memory). */
async function twoViews(name: string, url: string): Promise<[Store, Store]> {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const a = await openTestStore(url, prefix);
  stores.push(a);
  if (name === 'memory') return [a, a];
  const b = await openTestStore(url, prefix);
  stores.push(b);
  return [a, b];
}

const now = new Date('2026-08-20T09:00:00Z');
const papers = Array.from({ length: 12 }, (_, i) => `2608.${10000 + i}`);

describe.each(backendCases())('alert ledger on $name', ({ name, url }) => {
  it.skipIf(!url)('8 concurrent claims of the same 12 (subscriber, paper) pairs: each pair is won exactly once', async () => {
    const [a, b] = await twoViews(name, url!);
    const ledgers = [createAlertLedger(a), createAlertLedger(b)];
    const won = await Promise.all(Array.from({ length: 8 }, (_, i) => ledgers[i % 2]!.claim('discord:g1:dm:u1', papers, now)));
    expect(won.flat().sort()).toEqual([...papers].sort());
    expect(await ledgers[0]!.claim('discord:g1:dm:u2', papers, now)).toEqual(papers);
  });

  it.skipIf(!url)('released claims can be won again; confirmed ones never', async () => {
    const [a] = await twoViews(name, url!);
    const ledger = createAlertLedger(a);
    const [p0, p1] = papers as [string, string];
    await ledger.claim('s', [p0, p1], now);
    await ledger.confirm('s', [p0], now);
    await ledger.release('s', [p1]);
    expect(await ledger.claim('s', [p0, p1], now)).toEqual([p1]);
  });

  it.skipIf(!url)('10 concurrent requests for 3 daily slots each, cap 20: exactly 20 granted; the next day starts afresh', async () => {
    const [a, b] = await twoViews(name, url!);
    const ledgers = [createAlertLedger(a), createAlertLedger(b)];
    const got = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ledgers[i % 2]!.takeDailySlots('s', '2026-08-20', 3, 20, now)),
    );
    expect(got.flat()).toHaveLength(20);
    expect(new Set(got.flat()).size).toBe(20);
    expect(await ledgers[0]!.takeDailySlots('s', '2026-08-21', 3, 20, now)).toHaveLength(3);
    await ledgers[1]!.returnDailySlots('s', got.flat().slice(0, 2));
    expect(await ledgers[0]!.takeDailySlots('s', '2026-08-20', 5, 20, now)).toHaveLength(2);
  });

  it.skipIf(!url)('the "daily cap reached" summary is granted once per subscriber and day', async () => {
    const [a, b] = await twoViews(name, url!);
    const ledgers = [createAlertLedger(a), createAlertLedger(b)];
    const firsts = await Promise.all(Array.from({ length: 6 }, (_, i) => ledgers[i % 2]!.firstOverflow('s', '2026-08-20', now)));
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(await ledgers[0]!.firstOverflow('s', '2026-08-21', now)).toBe(true);
  });
});
