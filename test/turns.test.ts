import { describe, expect, it } from 'vitest';
import { createTurns } from '../src/turns.ts';

/** A promise settled from outside: an acknowledgement still waiting for the platform's answer. */
function pending<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every turn of the event loop that is due now run (a few rounds of setImmediate). */
const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

describe('turns: acknowledgements before command work', () => {
  it('holds work while an acknowledgement is under way and lets it go once the acknowledgement is answered', async () => {
    const turns = createTurns({ maxWaitMs: 60_000 });
    const answer = pending<string>();
    const acked = turns.acknowledge(() => answer.promise);
    const order: string[] = [];
    const piece = turns.work().then(() => order.push('work'));
    await settle();
    expect(order).toEqual([]);
    expect(turns.acknowledging).toBe(1);
    expect(turns.waiting).toBe(1);
    answer.resolve('deferred');
    expect(await acked).toBe('deferred');
    await piece;
    expect(order).toEqual(['work']);
    expect(turns.acknowledging).toBe(0);
    expect(turns.waiting).toBe(0);
  });

  it('never runs work in the same turn it was asked for, even with no acknowledgement under way', async () => {
    const turns = createTurns();
    let ran = false;
    const piece = turns.work().then(() => (ran = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(ran).toBe(false);
    await piece;
    expect(ran).toBe(true);
  });

  it('lets waiting pieces go one per turn, in order, and an acknowledgement started by one piece holds back the rest', async () => {
    const turns = createTurns({ maxWaitMs: 60_000 });
    const order: string[] = [];
    const arrival = pending();
    const pieces = [
      turns.work().then(() => {
        order.push('a');
        // What a newly read interaction does between two pieces: its acknowledgement starts before any more work.
        void turns.acknowledge(() => arrival.promise).then(() => order.push('ack answered'));
      }),
      turns.work().then(() => order.push('b')),
      turns.work().then(() => order.push('c')),
    ];
    await settle(10);
    expect(order).toEqual(['a']);
    expect(turns.waiting).toBe(2);
    arrival.resolve();
    await Promise.all(pieces);
    expect(order).toEqual(['a', 'ack answered', 'b', 'c']);
  });

  it('a failed acknowledgement still ends its turn, and its error reaches the caller', async () => {
    const turns = createTurns({ maxWaitMs: 60_000 });
    const answer = pending();
    const acked = turns.acknowledge(() => answer.promise);
    const piece = turns.work();
    answer.reject(new Error('10062 Unknown interaction'));
    await expect(acked).rejects.toThrow('10062');
    await piece;
    expect(turns.acknowledging).toBe(0);
  });

  it('work that waited maxWaitMs goes on although an acknowledgement is never answered (no starvation)', async () => {
    const turns = createTurns({ maxWaitMs: 30 });
    void turns.acknowledge(() => new Promise(() => undefined));
    const order: string[] = [];
    await Promise.all([turns.work().then(() => order.push('first')), turns.work().then(() => order.push('second'))]);
    expect(order).toEqual(['first', 'second']);
    expect(turns.acknowledging).toBe(1);
  });
});
