import { once } from 'node:events';
import { Events } from 'discord.js';
import { createDiscordClient } from '../adapters/discord/discord-adapter.ts';
import { runCommand } from '../commands/dispatch.ts';
import { startFakeDiscord } from '../test/fakes/discord-server.ts';
import { startFakeHf } from '../test/fakes/hf-server.ts';
import { startDiscordWorld } from './lib/discord-world.ts';
import { burstOfToday, p50, p99, type InteractionTimes } from './lib/interaction-timing.ts';
import { fmtMs, pct, quick, ratio, row } from './lib/table.ts';

/**
 * 500 `/papers today` at once through the Discord adapter (an unmodified discord.js Client on the fake gateway), with a
 * warm papers cache. Baselines in the same run: a bare discord.js bot on its own fake that defers and edits with a fixed
 * text (the transport's own cost), and `runCommand` called 500 times at once without any adapter (the command's cost).
 */
const NOW = new Date('2026-08-20T12:00:00Z');
const GUILDS = 25;
const CHANNELS_PER_GUILD = 20;

const fakeOptions = () => ({
  guilds: Array.from({ length: GUILDS }, (_, g) => ({ name: `g${g + 1}`, channels: CHANNELS_PER_GUILD })),
  // Interaction callbacks and webhooks are exempt from Discord's global limit; the fake enforces only per-channel limits.
  rateLimits: { perChannel: { count: 5, windowMs: 5_000 }, reactionsPerChannel: { count: 1, windowMs: 250 } },
  interactionTimeoutMs: 3_000,
});

async function bareBot(n: number): Promise<InteractionTimes> {
  const discord = await startFakeDiscord(fakeOptions());
  const client = createDiscordClient(discord.apiUrl);
  client.on(Events.InteractionCreate, (i) => {
    if (!i.isChatInputCommand()) return;
    void i.deferReply().then(() => i.editReply({ content: 'ok' })).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  try {
    return await burstOfToday(discord, n);
  } finally {
    await client.destroy();
    await discord.close();
  }
}

async function paperboy(n: number, hfUrl: string): Promise<InteractionTimes & { direct: number[] }> {
  const world = await startDiscordWorld({ fake: fakeOptions(), env: { HF_ENDPOINT: hfUrl }, now: () => NOW, deliver: false });
  try {
    await world.app.papers.getToday(NOW);
    const deps = { papers: world.app.papers, config: world.app.config, log: world.app.log, votes: world.app.votes };
    const direct = await Promise.all(Array.from({ length: n }, async (_, i) => {
      const t = performance.now();
      await runCommand({ command: 'today', options: {}, user: { id: `u${i}`, name: 'u', canManageChannel: false }, where: { platform: 'discord', community: 'g', channel: `c${i % 500}` }, now: NOW }, deps);
      return performance.now() - t;
    }));
    direct.sort((a, b) => a - b);
    return { ...(await burstOfToday(world.discord, n)), direct };
  } finally {
    await world.close();
  }
}

export async function run(): Promise<void> {
  const n = quick() ? 100 : 500;
  const hf = await startFakeHf();
  try {
    const bare = await bareBot(n);
    const ours = await paperboy(n, hf.url);
    console.log(`${n} concurrent /papers today over ${GUILDS * CHANNELS_PER_GUILD} channels; warm papers cache; bot and fakes share one process`);
    row(['', 'baseline', 'paperboy', 'ratio']);
    row(['first response (deferred), p50', fmtMs(p50(bare.first)), fmtMs(p50(ours.first)), ratio(p50(ours.first), p50(bare.first))]);
    row(['first response (deferred), p99', fmtMs(p99(bare.first)), fmtMs(p99(ours.first)), ratio(p99(ours.first), p99(bare.first))]);
    row(['final reply (PATCH @original), p50', fmtMs(p50(bare.final)), fmtMs(p50(ours.final)), ratio(p50(ours.final), p50(bare.final))]);
    row(['final reply (PATCH @original), p99', fmtMs(p99(bare.final)), fmtMs(p99(ours.final)), ratio(p99(ours.final), p99(bare.final))]);
    row(['runCommand alone (no adapter), p50 / p99', '', `${fmtMs(pct(ours.direct, 50))} / ${fmtMs(pct(ours.direct, 99))}`, '']);
    row(['unanswered', String(bare.unanswered), String(ours.unanswered), '']);
    console.log('baseline = a bare discord.js bot that defers and edits with a fixed text, on its own fake; times are from');
    console.log('the gateway dispatch to the callback / the PATCH arriving at the fake.');
  } finally {
    await hf.close();
  }
}
