import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/log.ts';
import type { RawBackend } from '../../src/store/backend.ts';
import { openBackend } from '../../src/store/open-store.ts';
import { createStore } from '../../src/store/store.ts';
import { backendCases } from '../helpers/backends.ts';

const Claim = z.object({ by: z.string() });

/**
 * The real backend, except that `get` holds its answer (already read from the store) until `resume` is called: a
 * reader paused between its read and whatever it does with the answer (GC, a swapped host, SIGSTOP).
 */
function stallingReads(backend: RawBackend) {
  let read: () => void = () => {};
  let resume: () => void = () => {};
  const readDone = new Promise<void>((r) => (read = r));
  const resumed = new Promise<void>((r) => (resume = r));
  const stalled: RawBackend = {
    ...backend,
    description: backend.description,
    async get(ns, key) {
      const answer = await backend.get(ns, key);
      read();
      await resumed;
      return answer;
    },
  };
  return { stalled, readDone, resume };
}

describe.each(backendCases())('a stalled reader on $name', ({ url }) => {
  let backend: RawBackend | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it.skipIf(!url)('never deletes the fresh value another writer added after its read', async () => {
    const log = silentLogger();
    backend = await openBackend(url!, log);
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const { stalled, readDone, resume } = stallingReads(backend);
    const reader = createStore(stalled, log, prefix, 60_000).collection('claims', Claim);
    const writer = createStore(backend, log, prefix).collection('claims', Claim);

    expect(await writer.add('paper-1', { by: 'X' }, 150)).toBe(true);
    const reading = reader.get('paper-1'); // reads X's claim while it is live, then stalls
    await readDone;
    while (!(await writer.add('paper-1', { by: 'B' }, 60_000))) await sleep(10); // X's claim lapses; B takes it
    resume();
    await reading;

    expect(await writer.get('paper-1')).toEqual({ by: 'B' });
    expect(await writer.add('paper-1', { by: 'C' }, 60_000)).toBe(false);
  });
});
