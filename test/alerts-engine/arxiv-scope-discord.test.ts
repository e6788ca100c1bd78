/**
 * Alert scopes through the real Discord adapter (fake Discord), the fake arXiv and the fake HF: the paper comes by DM
 * once, from arXiv with its source and categories in the reasons, and not again when HF lists it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { until } from '../discord/harness.ts';
import { settle } from '../helpers/wait.ts';
import { ARXIV_DAY, announcement, hfItem, idsIn, startArxivWorld, type ArxivWorld } from './arxiv-scope-world.ts';

let discord: FakeDiscord | undefined;
let world: ArxivWorld | undefined;
let adapter: DiscordAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await world?.close();
  await discord?.close();
});

describe('alert scopes through the real Discord adapter', () => {
  it('a source:any alert comes from arXiv once, says "arXiv <categories> (new)", and is not repeated when HF lists the paper', async () => {
    const { day, p } = announcement();
    discord = await startFakeDiscord();
    world = await startArxivWorld(day, { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    const { hf, clock, client, config, log, app } = world;
    const deps: CommandDeps = { papers: app.papers, arxiv: client, config, log, alerts: app.alerts, destinations: app.delivery.destinations };
    adapter = await startDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, deps, posts: app.posts, votes: app.votes, log, now: clock.fn });
    app.delivery.registerSender(adapter.sender);
    await app.start({ scheduler: false, alerts: false });

    const words = p.title.split(/\s+/).slice(0, 4).join(' ');
    const sent = discord.sendSlashCommand({ subcommand: 'subscribe', options: { query: `title:"${words}"` }, channelId: 'c1' });
    const reply = await until(() => {
      const id = discord!.interaction(sent.token)?.originalMessageId;
      const m = id ? discord!.message(id) : undefined;
      return m && m.editedAt !== null ? m : undefined;
    });
    expect(reply.content).toContain('source:any');
    expect(reply.content).toContain('Scope: Hugging Face Daily Papers and arXiv; revisions left out.');

    expect(await app.alerts.poll(clock.now, { force: true })).toMatchObject({ queued: 1, alerted: 1 });
    const dm = await until(() => discord!.dmChannelOf(discord!.testUser.id));
    const first = await until(() => (discord!.messagesIn(dm.id).length > 0 ? discord!.messagesIn(dm.id) : undefined));
    const embeds = first.flatMap((m) => m.embeds) as Array<{ url?: string; fields?: Array<{ name: string; value: string }> }>;
    expect(idsIn(embeds.map((e) => e.url ?? '').join(' '))).toEqual([p.id]);
    const matched = embeds.flatMap((e) => e.fields ?? []).find((f) => f.name === 'Matched')?.value;
    expect(matched).toContain(`arXiv ${p.categories.slice(0, 3).join(', ')} (new)`);

    hf.days.set(ARXIV_DAY, [hfItem(p)]);
    expect(await app.alerts.poll(clock.advance(3 * 3_600_000), { force: true })).toMatchObject({ queued: 0, alerted: 0 });
    expect(hf.requests.some((r) => r.query.date === ARXIV_DAY)).toBe(true);
    await settle(200);
    expect(discord.messagesIn(dm.id)).toHaveLength(first.length);
  }, 60_000);
});
