import { describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.ts';
import { silentLogger } from '../../src/log.ts';
import { createMemoryBackend } from '../../src/store/memory-backend.ts';
import { createStore } from '../../src/store/store.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

const papers = [...new Map(allFixturePapers().map((p) => [p.id, p])).values()];

describe('archive.record', () => {
  it('writes a large day a few papers at a time, not every write at once, and keeps them all', async () => {
    const backend = createMemoryBackend();
    let inFlight = 0;
    let most = 0;
    const set = backend.set.bind(backend);
    // A store that answers each write after a tick, so writes started together are seen together.
    backend.set = async (ns, key, value, ttlMs) => {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return await set(ns, key, value, ttlMs);
      } finally {
        inFlight--;
      }
    };
    const store = createStore(backend, silentLogger());
    const archive = createArchive({ store, log: silentLogger(), retentionDays: 365, syncMs: 0 });
    expect(papers.length).toBeGreaterThan(200);
    expect(await archive.record(papers)).toBe(papers.length);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(100);
    const again = createArchive({ store, log: silentLogger(), retentionDays: 365, syncMs: 0 });
    await again.start();
    expect(again.size).toBe(papers.length);
    archive.stop();
    again.stop();
  });
});
