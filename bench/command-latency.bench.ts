import { once } from 'node:events';
import { Events } from 'discord.js';
import { createDiscordClient } from '../adapters/discord/discord-adapter.ts';
import { runCommand } from '../commands/dispatch.ts';
import type { FakeDiscordOptions } from '../test/fakes/discord-server.ts';
import { startFakeHf } from '../test/fakes/hf-server.ts';
import { startPaperboyOnDiscord } from './lib/discord-world.ts';
import { startFakeDiscordProcess } from './lib/fake-discord-process.ts';
import { p50, p99, type InteractionTimes } from './lib/interaction-timing.ts';
import { fmtMs, pct, quick, ratio, row } from './lib/table.ts';

/**
 * 500 `/papers today` at once through the Discord adapter (an unmodified discord.js Client on the fake gateway), with a
 * warm papers cache. The fake Discord runs in a child process, as Discord would not share the bot's CPU. Baselines in the
 * same run: a bare discord.js bot that defers and edits with a fixed text (the transport's own cost), and `runCommand`
 * called 500 times at once without any adapter (the command's own cost).
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

/** One burst against a fresh fake in its own process, with the bot's CPU time (user + system) while it lasted. */
async function burst(n: number, start: (apiUrl: string, token: string) => Promise<{ close(): Promise<void> }>): Promise<Measured> {
  const discord = await startFakeDiscordProcess(fakeOptions);
  const bot = await start(discord.apiUrl, discord.token);
  try {
    const cpu = process.cpuUsage();
    const times = await discord.burst(n);
    const used = process.cpuUsage(cpu);
    return { ...times, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    await bot.close();
    await discord.close();
  }
}

async function bareBot(apiUrl: string, token: string) {
  const client = createDiscordClient(apiUrl);
  client.on(Events.InteractionCreate, (i) => {
    if (!i.isChatInputCommand()) return;
    void i.deferReply().then(() => i.editReply({ content: 'ok' })).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
  return { close: () => client.destroy() };
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

function pooled(runs: Measured[]): Measured {
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return {
    first: sorted(runs.flatMap((r) => r.first)), final: sorted(runs.flatMap((r) => r.final)),
    unanswered: runs.reduce((a, r) => a + r.unanswered, 0), requests: runs.reduce((a, r) => a + r.requests, 0), cpuMs: runs.reduce((a, r) => a + r.cpuMs, 0),
  };
}

export async function run(): Promise<void> {
  const n = quick() ? 100 : 500;
  const rounds = quick() ? 1 : ROUNDS;
  const hf = await startFakeHf();
  try {
    const bareRuns: Measured[] = [];
    const ourRuns: Measured[] = [];
    for (let r = 0; r < rounds; r++) {
      bareRuns.push(await burst(n, bareBot));
      ourRuns.push(await burst(n, (api, token) => paperboy(api, token, hf.url)));
    }
    const bare = pooled(bareRuns);
    const ours = pooled(ourRuns);
    const alone = await direct(n, hf.url);
    const total = n * rounds;
    console.log(`${n} concurrent /papers today over ${GUILDS * CHANNELS_PER_GUILD} channels, ${rounds} round(s) pooled; warm papers cache; the fake Discord in its own process`);
    row(['', 'baseline', 'paperboy', 'ratio']);
    row(['first response (deferred), p50', fmtMs(p50(bare.first)), fmtMs(p50(ours.first)), ratio(p50(ours.first), p50(bare.first))]);
    row(['first response (deferred), p99', fmtMs(p99(bare.first)), fmtMs(p99(ours.first)), ratio(p99(ours.first), p99(bare.first))]);
    row(['final reply (PATCH @original), p50', fmtMs(p50(bare.final)), fmtMs(p50(ours.final)), ratio(p50(ours.final), p50(bare.final))]);
    row(['final reply (PATCH @original), p99', fmtMs(p99(bare.final)), fmtMs(p99(ours.final)), ratio(p99(ours.final), p99(bare.final))]);
    row(['bot CPU per interaction', fmtMs(bare.cpuMs / total), fmtMs(ours.cpuMs / total), ratio(ours.cpuMs, bare.cpuMs)]);
    row(['runCommand alone, all at once, p50 / p99', '', `${fmtMs(pct(alone, 50))} / ${fmtMs(pct(alone, 99))}`, '']);
    row(['unanswered', String(bare.unanswered), String(ours.unanswered), '']);
    row(['requests until the last final reply', String(bare.requests), String(ours.requests), '']);
    console.log('baseline = a bare discord.js bot that defers and edits with a fixed text, against the same fake; times run from');
    console.log('the gateway dispatch to the callback / the PATCH arriving at the fake; CPU is the bot process\'s, during the burst.');
  } finally {
    await hf.close();
  }
}
