/**
 * `/papers today source:arxiv category:cs.CL limit:25` through the real Discord adapter against the fake arXiv: the
 * newest announcement's cs.CL papers (cross-lists included, revisions left out) in arXiv's order, split over messages
 * within Discord's 10 embeds each, every card linking to arXiv.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { ARXIV_DAY, announcement, idsIn, startArxivWorld, type ArxivWorld } from '../alerts-engine/arxiv-scope-world.ts';
import { until } from '../discord/harness.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';

let discord: FakeDiscord | undefined;
let world: ArxivWorld | undefined;
let adapter: DiscordAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await world?.close();
  await discord?.close();
});

describe('/papers today source:arxiv on Discord', () => {
  it("lists the newest announcement's papers of one category in arXiv's order, revisions left out, 10 cards a message", async () => {
    const { day } = announcement();
    // The first cs.CL paper becomes a revision (v2, `replace`), as arXiv lists one: it must be left out.
    const first = day.papers.findIndex((p) => p.categories.includes('cs.CL') && p.announceType === 'new');
    const r = day.papers[first]!;
    day.papers[first] = { ...r, version: 2, announceType: 'replace', description: r.description.replace(`${r.id}v1 Announce Type: new`, `${r.id}v2 Announce Type: replace`) };
    discord = await startFakeDiscord();
    world = await startArxivWorld(day, { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    const { clock, client, config, log, app } = world;
    const deps: CommandDeps = { papers: app.papers, arxiv: client, config, log, votes: app.votes, destinations: app.delivery.destinations };
    adapter = await startDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, deps, posts: app.posts, votes: app.votes, log, now: clock.fn });
    await app.start({ scheduler: false, alerts: false });

    const expected = day.papers
      .filter((p) => p.announceType !== 'replace' && p.announceType !== 'replace-cross' && p.categories.includes('cs.CL'))
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(25); // the real day has enough cs.CL papers to need the limit
    expect(expected).not.toContain(r.id);

    discord.sendSlashCommand({ subcommand: 'today', options: { source: 'arxiv', category: 'cs.CL', limit: 25 }, channelId: 'c1' });
    const channel = discord.channel('c1').id;
    const messages = await until(() => (discord!.messagesIn(channel).reduce((n, m) => n + m.embeds.length, 0) === 25 ? discord!.messagesIn(channel) : undefined));
    expect(messages.map((m) => m.embeds.length)).toEqual([10, 10, 5]);
    const urls = messages.flatMap((m) => m.embeds as Array<{ url?: string }>).map((e) => e.url ?? '');
    expect(urls.every((u) => u.startsWith('https://arxiv.org/abs/'))).toBe(true);
    expect(idsIn(urls.join(' '))).toEqual(expected.slice(0, 25));
    expect(idsIn(urls.join(' '))).not.toContain(r.id); // the revision, although it was first in cs.CL
    expect(JSON.stringify(messages[0])).toContain(`New on arXiv in cs.CL · ${ARXIV_DAY}`);
  }, 60_000);
});
