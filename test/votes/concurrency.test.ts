import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { add, at, nets, remove, votesOn, where } from './helpers.ts';

const users = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`);

describe.each(backendCases())('votes under concurrency on $name', ({ url }) => {
  const opened: Store[] = [];
  const open = async (prefix?: string) => {
    const s = await openTestStore(url!, prefix);
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  async function world(prefix?: string) {
    const w = votesOn(await open(prefix));
    await w.posts.record(where(), 'single-P', ['P'], 'single');
    await w.posts.record(where(), 'digest', ['Q', 'P'], 'digest');
    return w;
  }

  it.skipIf(!url)('1,000 distinct users voting on one paper at once count exactly 1,000', async () => {
    const { votes } = await world();
    const outcomes = await Promise.all(users(1000).map((u, i) => votes.handle(add('single-P', u, 'up', i % 50))));
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(await nets(votes, ['P'])).toEqual({ P: 1000 });
    expect(await votes.top('g1', 'week', at(60), 5)).toEqual([{ paperId: 'P', net: 1000, up: 1000, down: 0, lastAt: at(49) }]);
  });

  it.skipIf(!url)('500 users each adding and then removing their vote end at 0', async () => {
    const { votes } = await world();
    await Promise.all(users(500).map(async (u) => {
      await votes.handle(add('single-P', u, 'up', 0));
      await votes.handle(remove('single-P', u, 'up', 1));
    }));
    expect(await nets(votes, ['P'])).toEqual({});
  });

  it.skipIf(!url)("500 users' adds and removes racing each other still end at 0", async () => {
    const { votes } = await world();
    await Promise.all(users(500).flatMap((u) => [votes.handle(remove('digest', u, '2', 1)), votes.handle(add('digest', u, '2', 0))]));
    expect(await nets(votes, ['P'])).toEqual({});
  });

  it.skipIf(!url)('the same event delivered 3 times at once counts once, with or without an event id', async () => {
    const { votes } = await world();
    const events = users(300).map((u, i) => add('single-P', u, i % 3 ? 'up' : 'down', 0, i % 2 ? { eventId: `ev-${u}` } : {}));
    await Promise.all([...events, ...events, ...events].map((e) => votes.handle(e)));
    expect(await nets(votes, ['P'])).toEqual({ P: 200 - 100 });
  });

  it.skipIf(!url)('reads racing 1,000 writes never leave the cached tally behind', async () => {
    const { votes } = await world();
    const reads: Array<Promise<unknown>> = [];
    await Promise.all(users(1000).map(async (u, i) => {
      if (i % 50 === 0) reads.push(votes.rebuild('g1'), votes.netVotes('g1', ['P']));
      await votes.handle(add('single-P', u, 'up', i % 7));
      if (i % 25 === 0) reads.push(votes.top('g1', 'week', at(60), 5));
    }));
    await Promise.all(reads);
    expect(await nets(votes, ['P'])).toEqual({ P: 1000 });
  });
});

/** Backends two processes can share: two store instances on the same Redis, PostgreSQL or SQLite file. */
describe.each(backendCases().filter((c) => c.name !== 'memory'))('two instances sharing $name', ({ url }) => {
  const opened: Store[] = [];
  const open = async (prefix: string) => {
    const s = await openTestStore(url!, prefix);
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  async function world(prefix: string) {
    const w = votesOn(await open(prefix));
    await w.posts.record(where(), 'single-P', ['P'], 'single');
    await w.posts.record(where(), 'digest', ['Q', 'P'], 'digest');
    return w;
  }

  it.skipIf(!url)('two instances sharing the store count every vote of both, exactly', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await world(prefix);
    const b = votesOn(await open(prefix));
    await nets(a.votes, ['P']);
    await nets(b.votes, ['P']);
    await Promise.all(users(600).map(async (u, i) => {
      await (i % 2 ? a : b).votes.handle(add('single-P', u, 'up', i));
      if (i % 40 === 0) await Promise.all([nets(a.votes, ['P']), nets(b.votes, ['P'])]);
    }));
    expect(await nets(a.votes, ['P'])).toEqual({ P: 600 });
    expect(await nets(b.votes, ['P'])).toEqual({ P: 600 });
  });

  it.skipIf(!url)("a cached tally in one instance sees the other instance's writes", async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await world(prefix);
    const b = votesOn(await open(prefix));
    await a.votes.handle(add('single-P', 'u1', 'up', 0));
    expect(await nets(a.votes, ['P'])).toEqual({ P: 1 });
    expect(await nets(a.votes, ['P'])).toEqual({ P: 1 });
    await b.votes.handle(add('digest', 'u2', '2', 1));
    expect(await nets(a.votes, ['P'])).toEqual({ P: 2 });
    await b.votes.handle(remove('single-P', 'u1', 'up', 2));
    expect(await nets(a.votes, ['P'])).toEqual({ P: 1 });
    expect((await a.votes.top('g1', 'day', at(10), 5)).map((r) => [r.paperId, r.net])).toEqual([['P', 1]]);
  });

  it.skipIf(!url)('a separate OS process voting at the same time is counted exactly, and seen through the cache', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const here = await world(prefix);
    expect(await nets(here.votes, ['P'])).toEqual({});
    const root = join(import.meta.dirname, '../..');
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['test/fakes/vote-writer.ts', url!, prefix, '0', '400'], { cwd: root });
    let stdout = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.startsWith('ready\n')) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on('close', resolve));
    await ready;
    child.stdin.write('go\n');
    await Promise.all(users(800).slice(400).map((u) => here.votes.handle(add('single-P', u, 'up', 0))));
    expect(await exited).toBe(0);
    stdout = stdout.slice('ready\n'.length);
    expect(JSON.parse(stdout)).toMatchObject({ applied: 400 });
    expect(await nets(here.votes, ['P'])).toEqual({ P: 800 });
  }, 30_000);
});
