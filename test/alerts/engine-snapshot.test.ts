/**
 * The alert engine's snapshot (docs/decisions/109): a matcher, like matcher and tracked-subscription table written to
 * a file and read back must answer exactly as before, keep doing so through further churn (free lists, reference
 * counts and ids came back too), and hold no plain object where a class instance was, nor a view of the file's bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot, type EngineState } from '../../src/alerts/engine-snapshot.ts';
import { createLikeMatcher } from '../../src/alerts/like-matcher.ts';
import { plainTerms } from '../../src/alerts/like-profile.ts';
import { createMatcher, type Matcher } from '../../src/alerts/matcher.ts';
import { naiveMatch } from '../../src/alerts/naive.ts';
import { parseAlertQuery } from '../../src/alerts/query.ts';
import type { Subscription } from '../../src/alerts/subscription.ts';
import { TrackedSubscriptions } from '../../src/alerts/tracked-subscriptions.ts';
import type { Destination, Paper } from '../../src/model.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';
import { lcg, randomQueries } from './random-queries.ts';

const dir = mkdtempSync(join(tmpdir(), 'pb-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const papers = allFixturePapers();
const sample = papers.filter((_, i) => i % 5 === 0);
const rand = lcg(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const randomQuery = randomQueries(papers, rand, ' source:any');
const owners: Destination[] = Array.from({ length: 40 }, (_, i) =>
  i % 2 ? { platform: 'slack', community: `T${i % 3}`, channel: `C${i}` } : { platform: 'discord', community: 'g1', channel: `c${i % 5}`, user: `u${i}` },
);

/** One engine's tables, changed the same way as `live` (the subscriptions naive matching checks them against). */
interface Tables {
  matcher: Matcher;
  likes: ReturnType<typeof createLikeMatcher>;
  tracked: TrackedSubscriptions;
}

let next = 0;
/** Adds `n` subscriptions and removes about 40 % of all, to every one of `tables` alike. */
function churn(live: Subscription[], all: Tables[], n: number): Subscription[] {
  for (let i = 0; i < n; i++) {
    const { query, scope } = parseAlertQuery(randomQuery());
    const sub: Subscription = { id: `s${next++}`, query, scope };
    const owner = pick(owners);
    for (const t of all) {
      t.matcher.add(sub);
      t.tracked.add(sub.id, owner, next);
    }
    live.push(sub);
  }
  const gone = new Set(live.filter(() => rand() < 0.4).map((s) => s.id));
  for (const t of all) for (const id of gone) (t.matcher.remove(id), t.tracked.delete(id));
  return live.filter((s) => !gone.has(s.id));
}

function answersOf(matcher: Matcher, live: Subscription[]) {
  const got = matcher.matchMany(sample).map((r) => r.matches);
  const expected = sample.map((p) => naiveMatch(live, p));
  return { got, expected, matched: expected.reduce((n, m) => n + m.length, 0) };
}

const refusal = (loaded: ReturnType<typeof loadSnapshot>): string | undefined => ('refused' in loaded ? loaded.refused : undefined);

const stateOf = (t: Tables, gen: number): EngineState => ({
  matcher: t.matcher.state(), likes: t.likes.state(), tracked: t.tracked, unparsable: ['broken1'], gen,
});

function tablesFrom(state: EngineState): Tables {
  return { matcher: createMatcher([], state.matcher), likes: createLikeMatcher(plainTerms, undefined, state.likes), tracked: state.tracked };
}

/** Every object reached from `a` through class instances, plain objects, arrays and maps has its twin in `b` with the same prototype. */
function sameShape(a: unknown, b: unknown, path: string, seen = new Set<unknown>()): void {
  if (typeof a !== 'object' || a === null || seen.has(a)) return;
  seen.add(a);
  expect(Object.getPrototypeOf(b), path).toBe(Object.getPrototypeOf(a));
  if (ArrayBuffer.isView(b)) {
    // A view of the file's bytes would keep the whole file in memory.
    expect(b.buffer.byteLength, `${path} owns its bytes`).toBe(b.byteLength);
    return;
  }
  if (a instanceof Map) {
    for (const [k, v] of a) sameShape(v, (b as Map<unknown, unknown>).get(k), `${path}.get(${String(k)})`, seen);
    return;
  }
  for (const [k, v] of Object.entries(a)) sameShape(v, (b as Record<string, unknown>)[k], `${path}.${k}`, seen);
}

describe('the alert engine snapshot', () => {
  it('reads back tables that answer exactly as the written ones, and keep doing so through more churn', () => {
    const original: Tables = { matcher: createMatcher(), likes: createLikeMatcher(plainTerms), tracked: new TrackedSubscriptions() };
    let live = churn([], [original], 400);
    live = churn(live, [original], 300);
    const followed = papers[3] as Paper;
    original.likes.add('like1', { paperId: followed.id, title: followed.title, terms: plainTerms(followed, 25) }, { source: 'any', categories: [], revisions: false });
    original.tracked.add('like1', owners[0]!, 1);

    // Matched before it is written, as a running engine's tables are: per-batch stamps are in them.
    const once = answersOf(original.matcher, live);
    expect(once.got).toEqual(once.expected);
    const file = join(dir, 'churned.snapshot');
    saveSnapshot(file, stateOf(original, 1234));
    const loaded = loadSnapshot(file);
    if (!loaded.state) throw new Error(`refused: ${loaded.refused}`);
    expect(loaded.state.gen).toBe(1234);
    expect(loaded.state.unparsable).toEqual(['broken1']);
    const restored = tablesFrom(loaded.state);

    const before = answersOf(restored.matcher, live);
    expect(before.got).toEqual(before.expected);
    expect(before.matched).toBeGreaterThan(50);
    expect(restored.matcher.size).toBe(live.length);
    expect(restored.likes.matchMany(papers)).toEqual(original.likes.matchMany(papers));
    expect(restored.likes.size).toBe(1);

    for (const id of [...live.map((s) => s.id), 'like1']) expect(restored.tracked.ownerOf(id)).toEqual(original.tracked.ownerOf(id));
    expect(new Map(restored.tracked.generations())).toEqual(new Map(original.tracked.generations()));
    // One shared owner object per owner, as in the written table.
    const byOwner = new Map<string, Destination>();
    for (const s of live) {
      const o = restored.tracked.ownerOf(s.id)!;
      const key = JSON.stringify(o);
      if (byOwner.has(key)) expect(o).toBe(byOwner.get(key));
      byOwner.set(key, o);
    }

    // Further churn on both: ids freed before the snapshot are reused the same way.
    live = churn(live, [original, restored], 400);
    const after = answersOf(restored.matcher, live);
    expect(after.got).toEqual(after.expected);
    expect(answersOf(original.matcher, live).got).toEqual(after.got);
    expect(restored.matcher.size).toBe(live.length);
  });

  it('gives every class instance its class back, and no typed array keeps the file in memory', () => {
    const original: Tables = { matcher: createMatcher(), likes: createLikeMatcher(plainTerms), tracked: new TrackedSubscriptions() };
    churn([], [original], 300);
    const state = stateOf(original, 7);
    const file = join(dir, 'shape.snapshot');
    saveSnapshot(file, state);
    const loaded = loadSnapshot(file);
    if (!loaded.state) throw new Error(`refused: ${loaded.refused}`);
    sameShape(state, loaded.state, 'state');
  });

  it('deletes the temporary file of a writer that died once it is old, and leaves a fresh one (another writer may be at work)', () => {
    const original: Tables = { matcher: createMatcher(), likes: createLikeMatcher(plainTerms), tracked: new TrackedSubscriptions() };
    churn([], [original], 20);
    const file = join(dir, 'leftovers.snapshot');
    const old = `${file}.999999-deadbeef.tmp`;
    const fresh = `${file}.999998-cafebabe.tmp`;
    writeFileSync(old, 'half a snapshot');
    writeFileSync(fresh, 'being written');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    saveSnapshot(file, stateOf(original, 1));
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(loadSnapshot(file).state).toBeDefined();
  });

  it('refuses a missing file, a cut one, one written by other code, and an empty one, without throwing', () => {
    expect(loadSnapshot(join(dir, 'none.snapshot'))).toEqual({ refused: 'missing' });
    const original: Tables = { matcher: createMatcher(), likes: createLikeMatcher(plainTerms), tracked: new TrackedSubscriptions() };
    churn([], [original], 50);
    const file = join(dir, 'refused.snapshot');
    saveSnapshot(file, stateOf(original, 1));
    const whole = readFileSync(file);

    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(refusal(loadSnapshot(file))).toMatch(/^unreadable/);

    const length = whole.readUInt32BE(0);
    const header = JSON.parse(whole.subarray(4, 4 + length).toString('utf8')) as { code: string };
    const other = Buffer.from(JSON.stringify({ ...header, code: 'f'.repeat(32) }));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(other.length);
    writeFileSync(file, Buffer.concat([prefix, other, whole.subarray(4 + length)]));
    expect(refusal(loadSnapshot(file))).toMatch(/other code/);

    writeFileSync(file, '');
    expect(refusal(loadSnapshot(file))).toMatch(/^unreadable/);

    writeFileSync(file, whole);
    expect(loadSnapshot(file).state?.matcher.order).toBeDefined();
  });
});
