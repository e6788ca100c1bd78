import { runCommand } from '../commands/dispatch.ts';
import type { FakeDiscordOptions } from '../test/fakes/discord-server.ts';
import { startFakeHf } from '../test/fakes/hf-server.ts';
import { startPaperboyOnDiscord } from './lib/discord-world.ts';
import { startFakeDiscordProcess } from './lib/fake-discord-process.ts';
import { p50, p99, type InteractionTimes } from './lib/interaction-timing.ts';
import { startLatencyBot, type BotSpec, type Runtime } from './lib/latency-bot-process.ts';
import { fmtMs, pct, quick, ratio, row } from './lib/table.ts';

/**
 * 500 `/papers today` at once through the Discord adapter (an unmodified discord.js Client on the fake gateway), with a
 * warm papers cache. The fake Discord and each bot run in their own processes, as Discord would not share the bot's
 * CPU; paperboy runs twice, through tsx and compiled (`tsc`, plain node: what `npm start` runs). Baselines in the same
 * run: a bare discord.js bot that defers and edits with a fixed text (the transport's own cost; compiled, plain node),
 * and `runCommand` called 500 times at once without any adapter (the command's own cost).
 */
const NOW = new Date('2026-08-20T12:00:00Z');
const GUILDS = 25;
const CHANNELS_PER_GUILD = 20;

const fakeOptions: FakeDiscordOptions = {
  guilds: Array.from({ length: GUILDS }, (_, g) => ({ name: `g${g + 1}`, channels: CHANNELS_PER_GUILD })),
  // Interaction callbacks and webhooks are exempt from Discord's global limit; the fake enforces only per-channel limits.
  rateLimits: { perChannel: { count: 5, windowMs: 5_000 }, reactionsPerChannel: { count: 1, windowMs: 250 } },
  interactionTimeoutMs: 3_000,
};

type Measured = InteractionTimes & { requests: number; cpuMs: number };
const ROUNDS = 3;

/** One burst against a fresh fake in its own process, with the bot process's CPU time (user + system) while it lasted. */
async function burst(n: number, kind: BotSpec['kind'], runtime: Runtime, hfUrl: string): Promise<Measured> {
  const discord = await startFakeDiscordProcess(fakeOptions);
  const bot = await startLatencyBot({ kind, apiUrl: discord.apiUrl, token: discord.token, hfUrl, now: NOW.toISOString() }, runtime);
  try {
    await bot.startCpu();
    const times = await discord.burst(n);
    return { ...times, cpuMs: await bot.readCpu() };
  } finally {
    await bot.close();
    await discord.close();
  }
}

async function paperboy(apiUrl: string, token: string, hfUrl: string) {
  const bot = await startPaperboyOnDiscord({ apiUrl, token, env: { HF_ENDPOINT: hfUrl }, now: () => NOW, deliver: false });
  await bot.app.papers.getToday(NOW);
  return bot;
}

/** `runCommand` alone, `n` at once on one warm app: the command's own cost, without Discord. */
async function direct(n: number, hfUrl: string): Promise<number[]> {
  const discord = await startFakeDiscordProcess(fakeOptions);
  const bot = await paperboy(discord.apiUrl, discord.token, hfUrl);
  try {
    const deps = { papers: bot.app.papers, config: bot.app.config, log: bot.app.log, votes: bot.app.votes };
    const times = await Promise.all(Array.from({ length: n }, async (_, i) => {
      const t = performance.now();
      await runCommand({ command: 'today', options: {}, user: { id: `u${i}`, name: 'u', canManageChannel: false }, where: { platform: 'discord', community: 'g', channel: `c${i}` }, now: NOW }, deps);
      return performance.now() - t;
    }));
    return times.sort((a, b) => a - b);
  } finally {
    await bot.close();
    await discord.close();
  }
}

/**
 * The runs pooled. An interaction that was never acknowledged in time (Discord shows "The application did not respond")
 * counts as an infinitely late first response, and one without a final reply as an infinitely late final reply, so
 * that failures raise the percentiles instead of leaving them.
 */
function pooled(runs: Measured[]): Measured {
  const missing = (count: number) => Array.from({ length: count }, () => Number.POSITIVE_INFINITY);
  const sum = (pick: (r: Measured) => number) => runs.reduce((a, r) => a + pick(r), 0);
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const total = sum((r) => r.first.length + r.expired);
  return {
    first: sorted([...runs.flatMap((r) => r.first), ...missing(sum((r) => r.expired))]),
    final: sorted([...runs.flatMap((r) => r.final), ...missing(total - sum((r) => r.final.length))]),
    unanswered: sum((r) => r.unanswered), expired: sum((r) => r.expired), requests: sum((r) => r.requests), cpuMs: sum((r) => r.cpuMs),
  };
}

export async function run(): Promise<void> {
  const n = quick() ? 100 : 500;
  const rounds = quick() ? 1 : ROUNDS;
  const hf = await startFakeHf();
  try {
    const runs = { bare: [] as Measured[], tsx: [] as Measured[], compiled: [] as Measured[] };
    for (let r = 0; r < rounds; r++) {
      runs.bare.push(await burst(n, 'bare', 'compiled', hf.url));
      runs.tsx.push(await burst(n, 'paperboy', 'tsx', hf.url));
      runs.compiled.push(await burst(n, 'paperboy', 'compiled', hf.url));
    }
    const bare = pooled(runs.bare);
    const tsx = pooled(runs.tsx);
    const compiled = pooled(runs.compiled);
    const alone = await direct(n, hf.url);
    const total = n * rounds;
    console.log(`${n} concurrent /papers today over ${GUILDS * CHANNELS_PER_GUILD} channels, ${rounds} round(s) pooled; warm papers cache; the fake Discord and each bot in their own process`);
    row(['', 'baseline', 'tsx', 'ratio', 'compiled', 'ratio']);
    const line = (label: string, pick: (m: Measured) => number, fmt = fmtMs) =>
      row([label, fmt(pick(bare)), fmt(pick(tsx)), ratio(pick(tsx), pick(bare)), fmt(pick(compiled)), ratio(pick(compiled), pick(bare))]);
    line('first response (deferred), p50', (m) => p50(m.first));
    line('first response (deferred), p99', (m) => p99(m.first));
    line('final reply (PATCH @original), p50', (m) => p50(m.final));
    line('final reply (PATCH @original), p99', (m) => p99(m.final));
    line('bot CPU per interaction', (m) => m.cpuMs / total);
    row(['runCommand alone, all at once, p50 / p99', '', `${fmtMs(pct(alone, 50))} / ${fmtMs(pct(alone, 99))}`]);
    row(['not deferred within 3 s (failed)', String(bare.expired), String(tsx.expired), '', String(compiled.expired)]);
    row(['unanswered', String(bare.unanswered), String(tsx.unanswered), '', String(compiled.unanswered)]);
    row(['requests until the last final reply', String(bare.requests), String(tsx.requests), '', String(compiled.requests)]);
    console.log('baseline = a bare discord.js bot (compiled, plain node) that defers and edits with a fixed text, against the same');
    console.log('fake; tsx = paperboy run through tsx, compiled = paperboy compiled by tsc and run by plain node (npm start). Times run');
    console.log('from the gateway dispatch to the callback / the PATCH arriving at the fake; CPU is the bot process\'s, during the burst.');
  } finally {
    await hf.close();
  }
}
