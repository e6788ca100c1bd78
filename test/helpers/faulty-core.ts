import { createDeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { createDestinationHealth, type DestinationHealth } from '../../src/delivery/destination-health.ts';
import type { DeliveryQueue, DeliveryRequest, EnqueueResult } from '../../src/delivery/queue-api.ts';
import { silentLogger } from '../../src/log.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService, type PapersService } from '../../src/papers/papers-service.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { createMemoryBackend } from '../../src/store/memory-backend.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import type { FakeHf } from '../fakes/hf-server.ts';
import type { FakeClock } from './fake-clock.ts';
import { FaultyStore } from './faulty-store.ts';

/** One memory store whose clock (the store's, judging every expiry and lease) is the test's fake clock. */
export const sharedMemoryStore = (clock: FakeClock): Store => createStore(createMemoryBackend(() => clock.now.getTime()), silentLogger(), 't:');

/** What was handed to the queue, with its answer (a call that threw is recorded with `threw`). */
export interface Enqueued {
  request: DeliveryRequest;
  result?: EnqueueResult;
  threw?: boolean;
}

/**
 * The real services of one process (papers against the fake HF, destination health, the delivery queue, never started
 * so items stay pending) over a FaultyStore around `shared`. `enqueued` records every enqueue call and its answer.
 */
export interface FaultyCore {
  store: FaultyStore;
  papers: PapersService;
  health: DestinationHealth;
  queue: DeliveryQueue;
  enqueued: Enqueued[];
  /** Requests the queue took (`queued`). */
  queuedRequests(): DeliveryRequest[];
}

export function openFaultyCore(shared: Store, hf: FakeHf): FaultyCore {
  const log = silentLogger();
  const store = new FaultyStore(shared);
  const source = createHfClient({ endpoint: hf.url, log, retries: 0 });
  const papers = createPapersService({ source, store, log, refreshMs: 60_000, pastDayMs: 86_400_000, lookbackDays: 7 });
  const health = createDestinationHealth(store, log);
  const real = createDeliveryQueue({ store, posts: createPostsRegistry(store), health, log });
  const enqueued: Enqueued[] = [];
  const queue: DeliveryQueue = Object.create(real) as DeliveryQueue;
  queue.enqueue = async (request) => {
    const entry: Enqueued = { request };
    enqueued.push(entry);
    try {
      return (entry.result = await real.enqueue(request));
    } catch (err) {
      entry.threw = true;
      throw err;
    }
  };
  return { store, papers, health, queue, enqueued, queuedRequests: () => enqueued.filter((e) => e.result === 'queued').map((e) => e.request) };
}
