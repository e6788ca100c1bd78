/**
 * A platform storm on Slack: the fake answers 20% of chat.postMessage calls with 500 and 10% with 429 + Retry-After,
 * and the daily post still reaches each of 500 channels exactly once, through the real scheduler, delivery queue and
 * Slack sender, and the queue's status line tells the same story as the fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/model.ts';
import { captureLogs, deliveryRuns, progressLines, totalOf } from '../helpers/log-capture.ts';
import { NOW, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';
import { waitFor } from '../helpers/wait.ts';

const CHANNELS = 500;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('a Slack storm (20% 500, 10% 429) during a 500-channel daily post', () => {
  it('delivers exactly one post per channel, and the queue’s status line matches what Slack saw', async () => {
    const { log, lines } = captureLogs('info');
    const r = (rig = await startSlackRig({
      fake: { chaos: { rate500: 0.2, rate429: 0.1, retryAfterSec: 1, seed: 7 } },
      delivery: { pollMs: 20, backoff: { baseMs: 20, capMs: 100 }, pacing: { slack: { cap: 1, intervalMs: 1_000, perSecond: 2_000 } } },
      log,
    }));
    const channels: Destination[] = Array.from({ length: CHANNELS }, (_, i) => ({
      platform: 'slack', community: r.slack.teamId, channel: `C0STORM${String(i).padStart(4, '0')}`,
    }));
    for (const to of channels) await r.core.channels.set(to, { time: '13:00', timezone: 'UTC', weekdays: EVERY_DAY, count: 1 }, NOW, 'U0ADMIN001');

    expect(await r.core.scheduler.tick(new Date('2026-08-20T13:00:00Z'))).toMatchObject({ due: CHANNELS, queued: CHANNELS });
    await waitFor(async () => (await r.core.delivery.pendingItems()).length === 0, 'the queue to drain', 30_000);
    await waitFor(() => totalOf(deliveryRuns(lines)).sent === CHANNELS, 'the status line');

    const postsPerChannel = channels.map((to) => r.slack.messagesIn(to.channel).length);
    expect(new Set(postsPerChannel)).toEqual(new Set([1]));
    const chaos = r.slack.chaos!.counts;
    const posts = r.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(chaos.ok + chaos[500] + chaos[429]);
    expect(chaos[500]).toBeGreaterThan(0.15 * posts.length);
    expect(chaos[429]).toBeGreaterThan(0.05 * posts.length);
    expect(posts.filter((c) => c.status === 500)).toHaveLength(chaos[500]);
    expect(posts.filter((c) => c.status === 429 && c.headers && c.fault === 'chaos-429')).toHaveLength(chaos[429]);

    expect(totalOf(deliveryRuns(lines))).toEqual({ queued: CHANNELS, sent: CHANNELS, retried: chaos[500] + chaos[429], failed: 0, duplicates: 0 });
    expect(progressLines(lines).length).toBeGreaterThan(0);
    for (const [done, of] of progressLines(lines)) expect(done <= of && of <= CHANNELS).toBe(true);
  }, 45_000);

  it('logs one status line for a run whose last item waits out a Retry-After, not one line per wait', async () => {
    const { log, lines } = captureLogs('info');
    const r = (rig = await startSlackRig({ log }));
    r.slack.failNext({ method: 'chat.postMessage', kind: '429', retryAfterSec: 1, times: 2 });
    const to: Destination = { platform: 'slack', community: r.slack.teamId, channel: 'C0WAITS001' };
    await r.core.channels.set(to, { time: '13:00', timezone: 'UTC', weekdays: EVERY_DAY, count: 1 }, NOW, 'U0ADMIN001');
    await r.core.scheduler.tick(new Date('2026-08-20T13:00:00Z'));
    await waitFor(async () => (await r.core.delivery.pendingItems()).length === 0, 'the queue to drain');
    await waitFor(() => deliveryRuns(lines).length > 0, 'the status line');
    expect(r.slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
    expect(deliveryRuns(lines)).toEqual([{ queued: 1, sent: 1, retried: 2, failed: 0, duplicates: 0 }]);
  });
});
