import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../fakes/discord-server.ts';
import { KEYCAPS, NOW, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const USER = '210000000000000001';

/** Sends /papers today in a guild and resolves with the edited reply. */
async function today(harness: Harness, guildId: string) {
  const sent = harness.discord.sendSlashCommand({ guildId, subcommand: 'today', options: { limit: 3 } });
  expect(sent.delivered).toBe(1);
  return until(() => {
    const id = harness.discord.interaction(sent.token)?.originalMessageId;
    const m = id ? harness.discord.message(id) : undefined;
    return m?.editedAt ? { message: m, callbacks: harness.discord.interaction(sent.token)!.callbacks } : undefined;
  });
}

describe('Discord gateway shards (DISCORD_SHARDS)', () => {
  it('splits the guilds over two clients, as two processes would (0/2 and 1/2); each answers its own guilds, votes land in the shared store', async () => {
    h = await startHarness({ fake: { guilds: [{ name: 'a' }, { name: 'b' }] }, adapter: { clientOptions: { shards: [0], shardCount: 2 } } });
    const second = await h.startAnother({ clientOptions: { shards: [1], shardCount: 2 } });
    const [a, b] = [h.discord.guild('a'), h.discord.guild('b')];
    const owner = (guildId: string) => (shardOf(guildId, 2) === 0 ? h!.adapter : second);
    expect([...owner(a.id).client.guilds.cache.keys()]).toEqual([a.id]);
    expect([...owner(b.id).client.guilds.cache.keys()]).toEqual([b.id]);
    for (const g of [a, b]) {
      const { message, callbacks } = await today(h, g.id);
      expect(callbacks).toHaveLength(1);
      expect(message.embeds).toHaveLength(3);
    }

    const other = owner(a.id) === h.adapter ? second : h.adapter;
    const to = { platform: 'discord' as const, community: a.id, channel: a.channels[0]!.id };
    const list = await h.app.papers.getDay('2026-08-20', NOW);
    const reply = { kind: 'digest' as const, title: 'Daily', day: '2026-08-20', votable: true, papers: list.papers.slice(0, 2).map((paper) => ({ paper, communityVotes: 0, score: 0 })) };
    const outcome = await other.sender.send(to, reply);
    expect(outcome.ok).toBe(true);
    const messageId = (outcome as { messageId: string }).messageId;
    h.discord.sendReaction({ add: true, channelId: to.channel, messageId, userId: USER, emoji: KEYCAPS[1]! });
    await until(() => h!.sink.outcomes.length === 1);
    expect(h.sink.outcomes).toEqual([{ status: 'applied', paperId: list.papers[1]!.id, value: 1, added: true }]);
    expect((await h.app.votes.netVotes(a.id, [list.papers[1]!.id])).get(list.papers[1]!.id)).toBe(1);
  });

  it('runs every recommended shard in one process with auto', async () => {
    h = await startHarness({ fake: { shards: 2, guilds: [{ name: 'a' }, { name: 'b' }] }, adapter: { clientOptions: { shards: 'auto' } } });
    expect(h.adapter.client.ws.shards.size).toBe(2);
    for (const g of [h.discord.guild('a'), h.discord.guild('b')]) expect((await today(h, g.id)).message.embeds).toHaveLength(3);
  });
});
