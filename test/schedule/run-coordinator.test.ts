import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { createStoreRunCoordinator } from '../../src/schedule/run-coordinator.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { settle } from '../helpers/wait.ts';

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe('node-cron 4 distributed tasks', () => {
  it('need a coordinator: on its own, `distributed: true` only reads an env flag', () => {
    const saved = process.env.NODE_CRON_RUN;
    delete process.env.NODE_CRON_RUN;
    try {
      expect(() => cron.schedule('* * * * *', () => {}, { name: 'no-coordinator', distributed: true })).toThrow(/NODE_CRON_RUN/);
    } finally {
      if (saved !== undefined) process.env.NODE_CRON_RUN = saved;
    }
  });
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('the store RunCoordinator on a shared $name store', ({ url }) => {
  it.skipIf(!url)('lets exactly one of two instances run each fire', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const fires = new Map<string, string[]>();
    const tasks = await Promise.all(
      ['a', 'b'].map(async (who) => {
        const store = await openTestStore(url!, prefix);
        stores.push(store);
        const task = cron.schedule('* * * * * *', (ctx) => void fires.set(ctx.date.toISOString(), [...(fires.get(ctx.date.toISOString()) ?? []), who]), {
          name: 'every-second',
          distributed: true,
          runCoordinator: createStoreRunCoordinator(store),
        });
        return task;
      }),
    );
    await settle(2_600);
    for (const t of tasks) await t.destroy();
    expect(fires.size).toBeGreaterThanOrEqual(2);
    for (const runners of fires.values()) expect(runners).toHaveLength(1);
  });
});
