/**
 * Lost answers on Slack: the fake stores every chat.postMessage but drops the answer of 20% of them (connection
 * destroyed) and answers another 10% only after the client's timeout, during a 200-channel daily post through the
 * real scheduler, delivery queue and Slack sender. Every post carries its delivery key as metadata and the retry of
 * an unknown outcome reads the channel's history first, so each channel still gets exactly one post.
 * Skipped until the queue passes `SendContext.outcomeUnknown` to the retry of an `unknown` outcome (the queue of 552aa07
 * does not, so each lost answer is posted again); both tests passed with a queue that sets it on every retry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/dispatch.ts';
import type { Destination } from '../../src/model.ts';
import { NOW, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';
import { waitFor } from '../helpers/wait.ts';

const CHANNELS = 200;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function dailyPostTo(r: SlackRig, count: number, prefix: string, drainMs = 30_000): Promise<Destination[]> {
  const channels: Destination[] = Array.from({ length: count }, (_, i) => ({
    platform: 'slack', community: r.slack.teamId, channel: `${prefix}${String(i).padStart(4, '0')}`,
  }));
  for (const to of channels) await r.core.channels.set(to, { time: '13:00', timezone: 'UTC', weekdays: EVERY_DAY, count: 1 }, NOW, 'U0ADMIN001');
  expect(await r.core.scheduler.tick(new Date('2026-08-20T13:00:00Z'))).toMatchObject({ due: count, queued: count });
  await waitFor(async () => (await r.core.delivery.pendingItems()).length === 0, 'the queue to drain', drainMs);
  return channels;
}

describe('Slack answers lost after the post was accepted', () => {
  it('20% dropped and 10% too slow: every channel still gets exactly one post', async () => {
    const r = (rig = await startSlackRig({
      fake: { chaos: { rate500: 0, rate429: 0, rateDropped: 0.2, rateSlow: 0.1, slowMs: 2_000, seed: 11 } },
      adapter: { sendTimeoutMs: 800 },
      delivery: { pollMs: 20, backoff: { baseMs: 20, capMs: 100 }, pacing: { slack: { cap: 1, intervalMs: 1_000, perSecond: 2_000 } } },
      // With 20 ms backoffs, 8 attempts (the default) can all fall inside one stall of a loaded machine, each request
      // timing out (ECONNABORTED), and the queue then gives up honestly, as it should; this test is about duplicates.
      env: { DELIVERY_MAX_ATTEMPTS: '50' },
    }));
    const channels = await dailyPostTo(r, CHANNELS, 'C0LOST', 60_000);
    const failures = (await Promise.all(channels.map((to) => r.core.delivery.failure(`daily:slack:${to.community}:${to.channel}:2026-08-20`)))).filter(Boolean);
    expect(failures).toEqual([]);

    const chaos = r.slack.chaos!.counts;
    expect(chaos.dropped).toBeGreaterThan(0.15 * CHANNELS);
    expect(chaos.slow).toBeGreaterThan(0.05 * CHANNELS);
    expect(channels.map((to) => r.slack.messagesIn(to.channel).length)).toEqual(channels.map(() => 1));
    // every lost answer was looked up before the retry (the queue may retry more often than that)
    expect(r.slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(chaos.dropped + chaos.slow);
    expect(await Promise.all(channels.map(async (to) => (await r.core.delivery.delivered(`daily:slack:${to.community}:${to.channel}:2026-08-20`)) !== undefined)))
      .toEqual(channels.map(() => true));
  }, 90_000);

  it('without the history scopes a lost answer is posted again, as before, and channel show says so', async () => {
    const r = (rig = await startSlackRig({
      fake: { chaos: { rate500: 0, rate429: 0, rateDropped: 0.5, seed: 3 }, revokedScopes: ['channels:history'] },
      adapter: { sendTimeoutMs: 300 },
    }));
    const channels = await dailyPostTo(r, 10, 'C0NOSCOPE');
    const dropped = r.slack.chaos!.counts.dropped;
    expect(dropped).toBeGreaterThan(0);
    expect(channels.reduce((n, to) => n + r.slack.messagesIn(to.channel).length, 0)).toBe(10 + dropped);
    const shown = await runCommand(
      { command: 'channel show', options: {}, user: { id: 'U0HUMAN001', name: 'ada', canManageChannel: false }, where: channels[0]!, now: NOW },
      r.deps,
    );
    expect(shown).toMatchObject({ kind: 'text', text: expect.stringContaining('⚠ Slack history scopes missing: a lost answer may be re-posted.') });
  }, 30_000);
});
