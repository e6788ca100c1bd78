import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination, Reply } from '../../src/model.ts';
import { KEYCAPS, NOW, fixtureOrder, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The harness with the Discord sender on the real delivery queue, which is running (the scheduler is driven by tick). */
async function withQueue(fake?: Parameters<typeof startHarness>[0]) {
  const harness = await startHarness(fake);
  harness.app.delivery.registerSender(harness.adapter.sender);
  await harness.app.start({ scheduler: false });
  return harness;
}

const where = (harness: Harness, channel = 'c1'): Destination => ({
  platform: 'discord', community: harness.discord.guild('g1').id, channel: harness.discord.channel(channel).id,
});
const posts = (harness: Harness, channelId: string) =>
  harness.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

async function digest(harness: Harness, count: number): Promise<Reply> {
  const list = await harness.app.papers.getDay('2026-08-20', NOW);
  return { kind: 'digest', title: 'Trending papers · 2026-08-20', day: '2026-08-20', votable: true,
    papers: list.papers.slice(0, count).map((paper) => ({ paper, communityVotes: 0, score: paper.upvotes })) };
}

describe('daily posts on Discord through the delivery queue', () => {
  it('a manager sets up the post with /papers channel set; at that time the digest goes out once, with its keycaps', async () => {
    h = await withQueue();
    const sent = h.discord.sendSlashCommand({ subcommandGroup: 'channel', subcommand: 'set', channelId: 'c1', permissions: P.ManageChannels,
      options: { time: '12:30', timezone: 'UTC', weekdays: 'daily', count: 4 } });
    await until(() => h!.discord.interaction(sent.token)?.originalMessageId && h!.discord.message(h!.discord.interaction(sent.token)!.originalMessageId!)?.editedAt);
    const report = await h.app.scheduler.tick(new Date('2026-08-20T12:30:00Z'));
    expect(report.queued).toBe(1);
    const channelId = h.discord.channel('c1').id;
    const post = await until(() => h!.discord.messagesIn(channelId).find((m) => m.via === 'channel'));
    expect(post.embeds.map((e) => (e as { title: string }).title)).toEqual(fixtureOrder(h.hf, '2026-08-20').slice(0, 4).map((p, i) => `${KEYCAPS[i]} ${p.title}`));
    await until(() => h!.discord.reactions.filter((r) => r.messageId === post.id).length === 4);
    expect(await h.app.posts.find(where(h), post.id)).toMatchObject({ kind: 'digest' });
    await h.app.scheduler.tick(new Date('2026-08-20T12:31:00Z'));
    expect(posts(h, channelId)).toHaveLength(1);
  });

  it('a 429 on the post is waited out by discord.js and the post lands exactly once', async () => {
    h = await withQueue();
    const to = where(h);
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, status: 429, retryAfterSec: 0.3 });
    expect(await h.app.delivery.enqueue({ key: 'daily:test:429', kind: 'daily', to, reply: await digest(h, 3) })).toBe('queued');
    await until(() => h!.app.delivery.delivered('daily:test:429'));
    expect(posts(h, to.channel).map((r) => r.status)).toEqual([429, 200]);
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
    expect((await h.app.delivery.delivered('daily:test:429'))?.messageId).toBe(h.discord.messagesIn(to.channel)[0]!.id);
  });

  it('a 5xx that outlives discord.js\'s own retries is retried by the queue, and the post lands once', async () => {
    h = await withQueue();
    const to = where(h);
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, status: 503, times: 4 });
    await h.app.delivery.enqueue({ key: 'daily:test:503', kind: 'daily', to, reply: await digest(h, 2) });
    await until(() => h!.app.delivery.delivered('daily:test:503'));
    expect(posts(h, to.channel).map((r) => r.status)).toEqual([503, 503, 503, 503, 200]);
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
  });

  it('a 403 marks the channel failing: given up at once, later posts refused, /papers channel show says so', async () => {
    h = await withQueue({ fake: { guilds: [{ name: 'g1', channels: ['c1', { name: 'readonly', botDeny: P.SendMessages }] }] } });
    const to = where(h, 'readonly');
    await h.app.delivery.enqueue({ key: 'daily:test:403', kind: 'daily', to, reply: await digest(h, 2) });
    const failure = await until(() => h!.app.delivery.failure('daily:test:403'));
    expect(failure).toMatchObject({ permanent: true, reason: expect.stringMatching(/50013/) });
    expect(await h.app.delivery.destinations.isFailing(to)).toBe(true);
    expect(await h.app.delivery.enqueue({ key: 'daily:test:403b', kind: 'daily', to, reply: await digest(h, 2) })).toBe('destination-failing');
    await new Promise((r) => setTimeout(r, 200));
    expect(posts(h, to.channel)).toHaveLength(1);

    const shown = h.discord.sendSlashCommand({ subcommandGroup: 'channel', subcommand: 'show', channelId: 'readonly' });
    const reply = await until(() => {
      const m = h!.discord.message(h!.discord.interaction(shown.token)?.originalMessageId ?? '');
      return m?.editedAt ? m : undefined;
    });
    expect(reply.content).toContain('Delivery to this channel is failing');
  });
});
