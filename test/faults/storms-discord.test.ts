/**
 * A platform storm on Discord: the fake answers 20% of message posts with 500 and 10% with 429, and the daily post
 * still reaches each of 500 channels exactly once, through the real scheduler, delivery queue, Discord sender and
 * discord.js, and the queue's status line tells the same story as the fake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/model.ts';
import { NOW, startHarness, until, type Harness } from '../discord/harness.ts';
import { deliveryRuns, progressLines, totalOf } from '../helpers/log-capture.ts';

const CHANNELS = 500;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
/** discord.js retries a 5xx this many times before the error reaches the sender (its default). */
const DISCORDJS_RETRIES = 3;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Sends the queue had to retry, as the fake saw them: a send fails once discord.js met 1 + its retries 500s in it. */
function failedSends(statuses: number[]): number {
  let failures = 0;
  let fiveHundreds = 0;
  for (const s of statuses) {
    if (s === 500 && ++fiveHundreds > DISCORDJS_RETRIES) (failures++, (fiveHundreds = 0));
    else if (s !== 500 && s !== 429) fiveHundreds = 0;
  }
  return failures;
}

describe('a Discord storm (20% 500, 10% 429) during a 500-channel daily post', () => {
  it('delivers exactly one post per channel, and the queue’s status line matches what Discord saw', async () => {
    h = await startHarness({
      fake: { guilds: [{ name: 'g1', channels: CHANNELS }], chaos: { rate500: 0.2, rate429: 0.1, retryAfterSec: 0.05, seed: 7 } },
      adapter: { clientOptions: { rest: { globalRequestsPerSecond: 2_000 } } },
      delivery: { pollMs: 20, backoff: { baseMs: 20, capMs: 100 }, pacing: { discord: { cap: 5, intervalMs: 5_000, perSecond: 2_000 } } },
      logLevel: 'info',
    });
    h.app.delivery.registerSender(h.adapter.sender);
    await h.app.start({ scheduler: false });
    const guild = h.discord.guild('g1');
    const channels: Destination[] = guild.channels.map((c) => ({ platform: 'discord', community: guild.id, channel: c.id }));
    for (const to of channels) await h.app.channels.set(to, { time: '13:00', timezone: 'UTC', weekdays: EVERY_DAY, count: 1 }, NOW, 'admin');

    expect(await h.app.scheduler.tick(new Date('2026-08-20T13:00:00Z'))).toMatchObject({ due: CHANNELS, queued: CHANNELS });
    await until(async () => (await h!.app.delivery.pendingItems()).length === 0, 30_000);
    await until(() => totalOf(deliveryRuns(h!.logged)).sent === CHANNELS);

    const postsPerChannel = channels.map((to) => h!.discord.messagesIn(to.channel).filter((m) => m.via === 'channel').length);
    expect(new Set(postsPerChannel)).toEqual(new Set([1]));
    const chaos = h.discord.chaos!.counts;
    expect(chaos[500]).toBeGreaterThan(0.15 * (chaos.ok + chaos[500] + chaos[429]));
    expect(chaos[429]).toBeGreaterThan(0.05 * (chaos.ok + chaos[500] + chaos[429]));
    expect(chaos.ok).toBe(CHANNELS);

    const statuses = (to: Destination) =>
      h!.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${to.channel}/messages`).map((r) => r.status);
    const retriedByQueue = channels.reduce((n, to) => n + failedSends(statuses(to)), 0);
    expect(totalOf(deliveryRuns(h.logged))).toEqual({ queued: CHANNELS, sent: CHANNELS, retried: retriedByQueue, failed: 0, duplicates: 0 });
    expect(progressLines(h.logged).length).toBeGreaterThan(0);
    for (const [done, of] of progressLines(h.logged)) expect(done <= of && of <= CHANNELS).toBe(true);
    expect(retriedByQueue).toBeGreaterThan(0);
    expect(await h.app.delivery.totals()).toMatchObject({ sent: CHANNELS, failed: 0 });
  }, 45_000);

  it('an answer lost after Discord accepted the post (20% of posts) does not post twice: the retry carries the same nonce', async () => {
    const channelCount = 200;
    h = await startHarness({
      fake: { guilds: [{ name: 'g1', channels: channelCount }], chaos: { rate500: 0.1, rate429: 0.05, rateLost: 0.2, retryAfterSec: 0.05, seed: 11 } },
      adapter: { clientOptions: { rest: { globalRequestsPerSecond: 2_000 } } },
      delivery: { pollMs: 20, backoff: { baseMs: 20, capMs: 100 }, pacing: { discord: { cap: 5, intervalMs: 5_000, perSecond: 2_000 } } },
      logLevel: 'info',
    });
    h.app.delivery.registerSender(h.adapter.sender);
    await h.app.start({ scheduler: false });
    const guild = h.discord.guild('g1');
    const channels: Destination[] = guild.channels.map((c) => ({ platform: 'discord', community: guild.id, channel: c.id }));
    for (const to of channels) await h.app.channels.set(to, { time: '13:00', timezone: 'UTC', weekdays: EVERY_DAY, count: 1 }, NOW, 'admin');

    expect(await h.app.scheduler.tick(new Date('2026-08-20T13:00:00Z'))).toMatchObject({ queued: channelCount });
    await until(async () => (await h!.app.delivery.pendingItems()).length === 0, 30_000);
    await until(() => totalOf(deliveryRuns(h!.logged)).sent === channelCount);

    expect(h.discord.chaos!.counts.lost).toBeGreaterThan(0.15 * channelCount);
    for (const to of channels) {
      const posted = h.discord.messagesIn(to.channel).filter((m) => m.via === 'channel');
      expect(posted).toHaveLength(1);
      expect((await h.app.delivery.delivered(`daily:discord:${guild.id}:${to.channel}:2026-08-20`))?.messageId).toBe(posted[0]!.id);
    }
    expect(totalOf(deliveryRuns(h.logged))).toMatchObject({ queued: channelCount, sent: channelCount, failed: 0, duplicates: 0 });
  }, 45_000);
});
