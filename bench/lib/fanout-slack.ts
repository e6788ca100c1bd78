import { DEFAULT_PACING } from '../../src/delivery/pacer.ts';
import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { benchDigest } from './digest.ts';
import type { FanoutResult } from './fanout-discord.ts';
import { startSlackWorld } from './slack-world.ts';
import { until } from './table.ts';

/** Slack's documented rule as the fake enforces it: chat.postMessage 1 per second per channel, burst 1. */
export const SLACK_LIMITS = { perSecond: 1, burst: 1 };

/**
 * One daily digest to each of `channels` Slack channels of one workspace through the delivery queue and the real Slack
 * sender. Slack publishes no workspace-wide number for chat.postMessage and the fake enforces none, so with one message
 * per channel the bound is paperboy's own per-token budget (`DEFAULT_PACING.slack.perSecond` messages per second).
 */
export async function slackFanout(channels: number, papers: number, env: Record<string, string> = {}, latencyMs = 0): Promise<FanoutResult> {
  const world = await startSlackWorld({ fake: { rateLimit: SLACK_LIMITS, latencyMs }, env });
  try {
    const { slack, app } = world;
    const targets: Destination[] = Array.from({ length: channels }, (_, i) => ({ platform: 'slack', community: slack.teamId, channel: `C${String(i + 1).padStart(8, '0')}` }));
    const reply = benchDigest(papers);
    const from = slack.calls.length;
    const t0 = Date.now();
    for (const to of targets) await app.delivery.enqueue({ key: dailyKey(to, reply.day), kind: 'daily', to, reply });
    const run = () => slack.calls.slice(from);
    const good = () => run().filter((c) => c.status === 200 && (c.response as { ok?: boolean } | undefined)?.ok === true);
    const done = () => {
      const g = good();
      return g.filter((c) => c.method === 'chat.postMessage').length >= targets.length && g.filter((c) => c.method === 'reactions.add').length >= targets.length * papers;
    };
    await until(done, 'every digest and its reactions', 30 * 60_000, 100);
    await until(async () => (await app.delivery.pendingItems()).length === 0, 'the queue to drain', 60_000);
    const calls = run();
    const ok = good();
    const elapsedMs = Math.max(...ok.map((c) => c.at)) - t0;
    const postCalls = ok.filter((c) => c.method === 'chat.postMessage');
    const posts = postCalls.length;
    const messagesOutMs = Math.max(...postCalls.map((c) => c.at)) - t0;
    const reactions = ok.filter((c) => c.method === 'reactions.add').length;
    let duplicates = 0;
    let missing = 0;
    let missingReactions = 0;
    for (const to of targets) {
      const msgs = slack.messagesIn(to.channel);
      if (msgs.length === 0) missing++;
      duplicates += Math.max(0, msgs.length - 1);
      for (const m of msgs) missingReactions += Math.max(0, papers - m.reactions.length);
    }
    return {
      channels, papers, elapsedMs, messagesOutMs, posts, reactions, otherRequests: ok.length - posts - reactions,
      minimumMs: (Math.ceil(targets.length / DEFAULT_PACING.slack.perSecond) - 1) * 1000,
      count429: calls.filter((c) => c.status === 429).length, duplicates, missing, missingReactions, logged: world.logged,
    };
  } finally {
    await world.close();
  }
}
