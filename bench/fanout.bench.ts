import { DEFAULT_PACING } from '../src/delivery/pacer.ts';
import { DISCORD_LIMITS, discordFanout, type FanoutResult } from './lib/fanout-discord.ts';
import { slackFanout } from './lib/fanout-slack.ts';
import { fmtMs, quick, row } from './lib/table.ts';

/**
 * One daily digest to every channel through the real path: the delivery queue (SQLite store, default pacing and
 * concurrency) and the real platform sender on the real client (discord.js logged into the fake Discord; Bolt's
 * WebClient against the fake Slack). The fakes answer after a 50 ms round trip and enforce the platforms' limits.
 * The baseline is the minimum those limits allow, stated per platform below.
 */
const RTT_MS = 50;

/** `DELIVERY_CONCURRENCY=8 npm run bench -- fanout` reproduces the figures before docs/decisions/070. */
const env = (): Record<string, string> => (process.env.DELIVERY_CONCURRENCY ? { DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY } : {});

function print(name: string, r: FanoutResult): void {
  const requests = r.posts + r.reactions;
  row([
    `${name} ${r.channels.toLocaleString('en')} ch × ${r.papers} papers`, requests.toLocaleString('en'), fmtMs(r.minimumMs), fmtMs(r.messagesOutMs),
    fmtMs(r.elapsedMs), `${(r.elapsedMs / r.minimumMs).toFixed(2)}×`,
    r.global429 === undefined ? String(r.count429) : `${r.count429} (${r.global429} gl.)`, String(r.duplicates), `${r.missing} / ${r.missingReactions}`,
  ], 30, 12);
  const other = [...r.logged].map(([m, n]) => `${n}× "${m}"`).join('; ');
  if (r.otherRequests > 0 || other) console.log(`  also: ${r.otherRequests} other requests; logged: ${other || 'nothing'}`);
}

export async function run(): Promise<void> {
  const q = quick();
  const sizes: Array<[number, number]> = q ? [[200, 3], [50, 10]] : [[1000, 3], [200, 10]];
  console.log(`Daily digest fan-out, ${RTT_MS} ms round trip, delivery concurrency ${process.env.DELIVERY_CONCURRENCY ?? 'default'}${q ? ' (--quick sizes)' : ''}`);
  row(['', 'requests', 'minimum', 'msgs out', 'all done', 'ratio', '429s', 'dups', 'missing m/r'], 30, 12);
  for (const [channels, papers] of sizes) print('Discord', await discordFanout(channels, papers, env(), RTT_MS));
  for (const [channels, papers] of sizes) print('Slack', await slackFanout(channels, papers, env(), RTT_MS));
  const g = DISCORD_LIMITS.globalPerSecond;
  console.log(`
requests: what the sender really did, counted at the fake: one message POST + one keycap reaction per paper.
Discord minimum = max((⌈requests / ${g}⌉ − 1) s, (papers − 1) × ${DISCORD_LIMITS.reactionsPerChannel.windowMs} ms): the global limit of ${g} per second (the
  first ${g} may go at once, so the last second starts after ⌈requests / ${g}⌉ − 1 s), or one channel's reaction chain if
  longer; 5 messages / 5 s per channel never binds with one message per channel.
Slack minimum = (⌈channels / ${DEFAULT_PACING.slack.perSecond}⌉ − 1) s: the fake enforces Slack's documented 1 chat.postMessage per second per channel
  (burst 1), which one message per channel never hits; Slack publishes no workspace-wide figure, so the bound is
  paperboy's own per-token budget (DEFAULT_PACING.slack.perSecond). reactions.add is not limited in the fake.
msgs out: the last digest message accepted; all done: the last keycap too. 429s: answered by the fakes (gl. = global).
dups: messages beyond one per channel; missing m/r: channels without the digest / keycaps not added.`);
}
