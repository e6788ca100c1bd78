/** The fakes' chaos mode: seeded, reproducible per key whatever the interleaving, and close to the rates asked for. */
import { describe, expect, it } from 'vitest';
import { createChaos, type ChaosVerdict } from '../fakes/chaos.ts';
import { startFakeDiscord } from '../fakes/discord-server.ts';
import { startFakeSlack } from '../fakes/slack-server.ts';
import { createStrictSlackClient } from '../../adapters/slack/sender.ts';

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

  it('lays the new modes out after the old ones: a seed draws the same 500s and 429s with or without them', () => {
    const draw = (extra: object) => {
      const chaos = createChaos({ ...storm, ...extra });
      return Array.from({ length: 400 }, (_, i) => chaos.draw(`c${i % 40}`));
    };
    const plain = draw({});
    const withNew = draw({ rateLost: 0.1, rateDropped: 0.1, rateSlow: 0.1 });
    expect(withNew.map((v) => (v === '500' || v === '429' ? v : 'other'))).toEqual(plain.map((v) => (v === '500' || v === '429' ? v : 'other')));
    expect(new Set(withNew)).toEqual(new Set(['ok', '500', '429', 'lost', 'dropped', 'slow']));
  });

  it.each([
    ['lost', { rateLost: 1 }, /HTTP protocol error occurred: statusCode = 500/, 500],
    ['dropped', { rateDropped: 1 }, /request error occurred: socket hang up/, 0],
    ['slow', { rateSlow: 1, slowMs: 600 }, /request error occurred: timeout of 150ms exceeded/, 200],
  ])('the fake Slack stores a %s post but the real WebClient never gets its answer', async (verdict, rates, error, status) => {
    const slack = await startFakeSlack({ chaos: { rate500: 0, rate429: 0, seed: 1, ...rates } });
    try {
      const client = createStrictSlackClient('xoxb-test', slack.apiUrl, undefined, { timeoutMs: 150 });
      await expect(client.chat.postMessage({ channel: 'C0CHAOS001', text: 'hello' })).rejects.toThrow(error);
      expect(slack.messagesIn('C0CHAOS001').map((m) => m.text)).toEqual(['hello']);
      const [call] = await slack.waitForCall('chat.postMessage');
      expect(call).toMatchObject({ fault: `chaos-${verdict}`, status });
      expect(slack.chaos!.counts[verdict as ChaosVerdict]).toBe(1);
    } finally {
      await slack.close();
    }
  });

  it('the fake Discord refuses the Slack-only modes', async () => {
    await expect(startFakeDiscord({ chaos: { rate500: 0, rate429: 0, rateDropped: 0.1, seed: 1 } })).rejects.toThrow(/Slack fake only/);
  });
});
