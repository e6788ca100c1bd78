import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { add, at, remove, where } from './helpers.ts';

describe('votes on SQLite', () => {
  it('survive a restart of the app: same top, same net votes', async () => {
    const config = loadConfig({ STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-votes-')), 'db.sqlite')}` });
    const first = await createCoreApp(config, { log: silentLogger() });
    await first.posts.record(where(), 'digest', ['A', 'B', 'C'], 'digest');
    await first.posts.record(where(), 'single-C', ['C'], 'single');
    for (const u of ['u1', 'u2', 'u3']) await first.votes.handle(add('digest', u, '2', 10));
    await first.votes.handle(add('digest', 'u1', '1', 20));
    await first.votes.handle(add('single-C', 'u1', 'down', 30));
    await first.votes.handle(add('digest', 'u4', '1', 40));
    await first.votes.handle(remove('digest', 'u4', '1', 50));
    const before = await first.votes.top('g1', 'week', at(60), 10);
    expect(before.map((r) => [r.paperId, r.net])).toEqual([['B', 3], ['A', 1], ['C', -1]]);
    await first.close();

    const second = await createCoreApp(config, { log: silentLogger() });
    expect(await second.votes.top('g1', 'week', at(60), 10)).toEqual(before);
    expect(Object.fromEntries(await second.votes.netVotes('g1', ['A', 'B', 'C']))).toEqual({ A: 1, B: 3, C: -1 });
    await second.votes.handle(add('digest', 'u4', '1', 70));
    expect((await second.votes.netVotes('g1', ['A'])).get('A')).toBe(2);
    await second.close();
  });
});
