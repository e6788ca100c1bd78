import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine } from '../../src/alerts/alert-engine.ts';
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';

/** Subscriptions sharing one stored query text are each tracked (or each ignored, when the text no longer parses). */
describe('a resync with many subscriptions sharing query text', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('tracks every subscription of a shared valid text and ignores every one of a shared unparsable text', async () => {
    store = await openTestStore('memory://');
    const subscriptions = createSubscriptionStore(store);
    const owner = (i: number): Destination => ({ platform: 'discord', community: 'g', channel: `c${i}` });
    const texts = ['diffusion AND video', '"unclosed', 'diffusion AND video', 'robot* OR grasping', '"unclosed', 'diffusion AND video'];
    for (const [i, query] of texts.entries()) {
      const out = await subscriptions.create({ owner: owner(i), query, canonical: query, createdBy: 'u', now: new Date() });
      expect(out.status).toBe('created');
    }
    const engine = createAlertEngine({
      store, subscriptions, papers: {} as never, queue: { enqueue: async () => undefined } as never, health: {} as never,
      log: silentLogger(), pollMs: 60_000, dailyCap: 10,
    });
    await engine.resync();
    expect(engine.size).toBe(4);
    await engine.resync();
    expect(engine.size).toBe(4);
  });
});
