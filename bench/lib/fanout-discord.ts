import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { benchDigest } from './digest.ts';
import { startDiscordWorld } from './discord-world.ts';
import { until } from './table.ts';

/** Discord's limits as the fake enforces them: 50 requests/s per token, 5 messages/5 s and 1 reaction/250 ms per channel. */
export const DISCORD_LIMITS = { globalPerSecond: 50, perChannel: { count: 5, windowMs: 5_000 }, reactionsPerChannel: { count: 1, windowMs: 250 } };

export interface FanoutResult {
  channels: number;
  papers: number;
  elapsedMs: number;
  /** From the first enqueue to the last message (without its reactions) accepted. */
  messagesOutMs: number;
  /** Successful requests the bot made, by kind. */
  posts: number;
  reactions: number;
  otherRequests: number;
  minimumMs: number;
  count429: number;
  /** How discord.js classified the 429s it got (Discord platform only). */
  global429?: number;
  duplicates: number;
  missing: number;
  missingReactions: number;
  logged: Map<string, number>;
}

/**
 * One daily digest of `papers` papers to each of `channels` Discord channels through the delivery queue and the real
 * sender. Elapsed: from the first enqueue to the last successful request at the fake.
 */
export async function discordFanout(channels: number, papers: number, env: Record<string, string> = {}, latencyMs = 0): Promise<FanoutResult> {
  const perGuild = 20;
  const guilds = Array.from({ length: Math.ceil(channels / perGuild) }, (_, g) => ({ name: `g${g + 1}`, channels: Math.min(perGuild, channels - g * perGuild) }));
  const world = await startDiscordWorld({ fake: { guilds, rateLimits: DISCORD_LIMITS, interactionTimeoutMs: 0, latencyMs }, env });
  try {
    const { discord, app } = world;
    const targets: Destination[] = discord.guilds.flatMap((g) => g.channels.map((c) => ({ platform: 'discord' as const, community: g.id, channel: c.id })));
    let global429 = 0;
    world.adapter.client.rest.on('restDebug', (line) => {
      if (line.includes('Encountered unexpected 429') && /Global\s+: true/.test(line)) global429++;
    });
    const reply = benchDigest(papers);
    const from = discord.requests.length;
    const t0 = Date.now();
    for (const to of targets) await app.delivery.enqueue({ key: dailyKey(to, reply.day), kind: 'daily', to, reply });
    const run = () => discord.requests.slice(from);
    const ok = (s: number) => s >= 200 && s < 300;
    const done = () => {
      const r = run().filter((x) => ok(x.status));
      return r.filter((x) => x.method === 'POST').length >= targets.length && r.filter((x) => x.method === 'PUT').length >= targets.length * papers;
    };
    await until(done, 'every digest and its reactions', 30 * 60_000, 100);
    await until(async () => (await app.delivery.pendingItems()).length === 0, 'the queue to drain', 60_000);
    const requests = run();
    const good = requests.filter((x) => ok(x.status));
    const elapsedMs = Math.max(...good.map((x) => x.at)) - t0;
    const postRequests = good.filter((x) => x.method === 'POST' && /^\/channels\/\d+\/messages$/.test(x.path));
    const posts = postRequests.length;
    const messagesOutMs = Math.max(...postRequests.map((x) => x.at)) - t0;
    const reactions = good.filter((x) => x.method === 'PUT').length;
    const total = posts + reactions;
    const perChannelChainMs = (papers - 1) * DISCORD_LIMITS.reactionsPerChannel.windowMs;
    let duplicates = 0;
    let missing = 0;
    let missingReactions = 0;
    for (const to of targets) {
      const msgs = discord.messagesIn(to.channel);
      if (msgs.length === 0) missing++;
      duplicates += Math.max(0, msgs.length - 1);
      for (const m of msgs) missingReactions += Math.max(0, papers - [...m.reactions.values()].filter((s) => s.has(discord.botUser.id)).length);
    }
    return {
      channels: targets.length, papers, elapsedMs, messagesOutMs, posts, reactions, otherRequests: good.length - total,
      minimumMs: Math.max((Math.ceil(total / DISCORD_LIMITS.globalPerSecond) - 1) * 1000, perChannelChainMs),
      count429: requests.filter((x) => x.status === 429).length, global429, duplicates, missing, missingReactions, logged: world.logged,
    };
  } finally {
    await world.close();
  }
}
