/** The fakes' chaos mode: seeded, reproducible per key whatever the interleaving, and close to the rates asked for. */
import { describe, expect, it } from 'vitest';
import { createChaos, type ChaosVerdict } from '../fakes/chaos.ts';
import { startFakeSlack } from '../fakes/slack-server.ts';

const storm = { rate500: 0.2, rate429: 0.1, seed: 42 };

describe('chaos mode of the platform fakes', () => {
  it('gives each key the same verdicts whatever order the keys are drawn in', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const inOrder = createChaos(storm);
    const interleaved = createChaos(storm);
    const seqA = new Map(keys.map((k) => [k, Array.from({ length: 6 }, () => inOrder.draw(k))]));
    const seqB = new Map<string, ChaosVerdict[]>(keys.map((k) => [k, []]));
    for (let round = 0; round < 6; round++) for (const k of [...keys].reverse()) seqB.get(k)!.push(interleaved.draw(k));
    expect(seqB).toEqual(seqA);
  });

  it('changes with the seed', () => {
    const draw = (seed: number) => Array.from({ length: 40 }, (_, i) => createChaos({ ...storm, seed }).draw(`c${i}`));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it.each([
    [0.2, 0.1, 0, 0],
    [0.5, 0, 0, 0],
    [0, 0.3, 0, 0],
    [0.1, 0.05, 0.2, 0],
    [0.1, 0, 0.1, 0.3],
  ])('answers about %s of requests with 500, %s with 429, loses %s of the answers and answers %s late', (rate500, rate429, rateLost, rateSlow) => {
    const chaos = createChaos({ rate500, rate429, rateLost, rateSlow, seed: 9 });
    for (let i = 0; i < 20_000; i++) chaos.draw(`c${i % 100}`);
    expect(chaos.counts[500] / 20_000).toBeCloseTo(rate500, 1);
    expect(chaos.counts[429] / 20_000).toBeCloseTo(rate429, 1);
    expect(chaos.counts.lost / 20_000).toBeCloseTo(rateLost, 1);
    expect(chaos.counts.slow / 20_000).toBeCloseTo(rateSlow, 1);
    expect(chaos.countsFor('c7')).toMatchObject({ ok: expect.any(Number) });
  });

  it('a share of late answers leaves the other verdicts of a seed as they were (older storm tests keep their numbers)', () => {
    const before = createChaos(storm);
    const after = createChaos({ ...storm, rateSlow: 0.2 });
    const draws = (c: typeof before) => Array.from({ length: 2_000 }, (_, i) => c.draw(`c${i % 40}`));
    const [a, b] = [draws(before), draws(after)];
    expect(b.map((v, i) => (v === 'slow' ? a[i] : v))).toEqual(a);
    expect(b.filter((v) => v === 'slow').length).toBeGreaterThan(0);
  });

  it('refuses rates that add up to more than 1', () => {
    expect(() => createChaos({ rate500: 0.8, rate429: 0.3, seed: 1 })).toThrow(/at most 1/);
    expect(() => createChaos({ rate500: 0.5, rate429: 0.3, rateLost: 0.3, seed: 1 })).toThrow(/at most 1/);
    expect(() => createChaos({ rate500: 0.5, rate429: 0, rateSlow: 0.6, seed: 1 })).toThrow(/at most 1/);
  });

  it('the fake Slack refuses lost answers: chat.postMessage has no idempotency key to model them with', async () => {
    await expect(startFakeSlack({ chaos: { rate500: 0, rate429: 0, rateLost: 0.1, seed: 1 } })).rejects.toThrow(/not modelled/);
  });

  it('the fake Slack refuses late answers until it models them', async () => {
    await expect(startFakeSlack({ chaos: { rate500: 0, rate429: 0, rateSlow: 0.1, seed: 1 } })).rejects.toThrow(/not modelled/);
  });
});
