import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detailsKey } from '../../src/actions/details-threads.ts';
import type { Reply } from '../../src/model.ts';
import { fixtureOrder, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ALICE = { id: '210000000000000001', username: 'alice' };
const BOB = { id: '210000000000000002', username: 'bob' };

type Row = { type: number; components: Array<{ type: number; custom_id: string; label?: string; options?: Array<{ label: string; value: string }> }> };
type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }> };

/** Posts /papers today (or a card) in c1 and waits for the bot's vote reactions, as a person would see it. */
async function post(harness: Harness, subcommand: 'today' | 'paper', options: Record<string, string> = {}) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  const messageId = await until(() => harness.discord.interaction(sent.token)?.originalMessageId);
  await until(() => harness.discord.reactions.filter((r) => r.messageId === messageId).length === (subcommand === 'today' ? 10 : 2));
  return { messageId, message: harness.discord.message(messageId)! };
}

/** Presses a control and waits for the presser's private answer (the deferred reply, edited). */
async function press(harness: Harness, spec: Parameters<Harness['discord']['sendComponent']>[0]) {
  const sent = harness.discord.sendComponent(spec);
  const answer = await until(() => {
    const m = harness.discord.message(harness.discord.interaction(sent.token)?.originalMessageId ?? '');
    return m?.editedAt ? m : undefined;
  });
  return { sent, answer, record: harness.discord.interaction(sent.token)! };
}

const detailsPosts = (harness: Harness, threadId: string, title: string) =>
  harness.discord.messagesIn(threadId).filter((m) => (m.embeds as Embed[])[0]?.title === title);

describe('Details and Cite on Discord', () => {
  it('a 10-paper digest carries three menus (3 of 5 rows, 3 of 25 components), and its keycap votes stay', async () => {
    h = await startHarness();
    const { message } = await post(h, 'today');
    const rows = message.components as Row[];
    const order = fixtureOrder(h.hf, '2026-08-20');
    expect(rows).toHaveLength(3);
    expect(rows.flatMap((r) => r.components)).toHaveLength(3);
    expect(rows.map((r) => r.components[0]!.custom_id)).toEqual(['pb:details', 'pb:cite', 'pb:similar']);
    for (const r of rows) expect(r.components[0]!.options!.map((o) => o.value)).toEqual(order.slice(0, 10).map((p) => p.id));
    expect(rows[0]!.components[0]!.options![2]!.label).toMatch(/^3\. /);
    expect(h.discord.reactions.filter((r) => r.messageId === message.id).map((r) => r.emoji)).toHaveLength(10);
  });

  it('Details posts the paper once in a thread under the message; a second press and a restart point to it', async () => {
    h = await startHarness();
    const { messageId } = await post(h, 'today');
    const third = fixtureOrder(h.hf, '2026-08-20')[2]!;
    const paper = await h.app.papers.getPaper(third.id);

    const first = await press(h, { messageId, customId: 'pb:details', values: [third.id], user: ALICE });
    expect(first.record.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(first.answer.content).toBe(`Details posted in <#${messageId}>.`);
    const thread = h.discord.channel(messageId);
    expect(thread).toMatchObject({ type: 11, parentId: h.discord.channel('c1').id });
    const [details, ...more] = h.discord.messagesIn(messageId);
    expect(more).toEqual([]);
    const [card, authors] = details!.embeds as Embed[];
    expect(card!.title).toBe(paper.title);
    expect(card!.description!.replace(/\\/g, '')).toBe(paper.summary.replace(/\s+/g, ' ').trim());
    expect(card!.fields!.find((f) => f.name === 'Links')!.value).toContain(`[arXiv](${paper.links.arxiv})`);
    expect(card!.fields!.find((f) => f.name === 'Discussion on HF')!.value).toBe(`💬 ${paper.comments}`);
    if (paper.aiSummary) expect(card!.fields!.find((f) => f.name === 'AI summary')).toBeDefined();
    expect(authors).toMatchObject({ title: `Authors (${paper.authors.length})` });
    expect(authors!.description!.replace(/\\/g, '')).toBe(paper.authors.join(', '));

    const second = await press(h, { messageId, customId: 'pb:details', values: [third.id], user: BOB });
    expect(second.answer.content).toBe(`The details are already in <#${messageId}>.`);
    await h.adapter.stop();
    await h.startAnother();
    const afterRestart = await press(h, { messageId, customId: 'pb:details', values: [third.id], user: BOB });
    expect(afterRestart.answer.content).toBe(`The details are already in <#${messageId}>.`);
    expect(detailsPosts(h, messageId, paper.title)).toHaveLength(1);
  });

  it('two concurrent presses post once, and another paper of the same message goes into the same thread', async () => {
    h = await startHarness();
    const { messageId } = await post(h, 'today');
    const [, second, , , fifth] = fixtureOrder(h.hf, '2026-08-20');
    const racing = await Promise.all([
      press(h, { messageId, customId: 'pb:details', values: [fifth!.id], user: ALICE }),
      press(h, { messageId, customId: 'pb:details', values: [fifth!.id], user: BOB }),
    ]);
    const fifthTitle = (await h.app.papers.getPaper(fifth!.id)).title;
    expect(detailsPosts(h, messageId, fifthTitle)).toHaveLength(1);
    expect(racing.filter((r) => r.answer.content === `Details posted in <#${messageId}>.`)).toHaveLength(1);
    await press(h, { messageId, customId: 'pb:details', values: [second!.id], user: ALICE });
    expect(h.discord.messagesIn(messageId)).toHaveLength(2);
    const threadStarts = h.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads'));
    expect(threadStarts.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('a press after a crash that posted without recording (record lost) gets Discord\'s nonce replay, not a second post', async () => {
    h = await startHarness();
    const { messageId } = await post(h, 'today');
    const first = fixtureOrder(h.hf, '2026-08-20')[0]!;
    await press(h, { messageId, customId: 'pb:details', values: [first.id], user: ALICE });
    const where = { platform: 'discord' as const, community: h.discord.guild('g1').id, channel: h.discord.channel('c1').id };
    const records = h.app.store.collection('details-threads', z.unknown());
    expect(await records.delete(detailsKey({ where, messageId, paperId: first.id }))).toBe(true);
    const again = await press(h, { messageId, customId: 'pb:details', values: [first.id], user: BOB });
    expect(again.answer.content).toBe(`Details posted in <#${messageId}>.`);
    expect(h.discord.messagesIn(messageId)).toHaveLength(1);
    expect(h.discord.requests.filter((r) => r.path === `/channels/${messageId}/messages` && r.nonceReplay)).toHaveLength(1);
  });

  it('a card has Details, Cite and Similar buttons; Cite answers the presser alone with BibTeX', async () => {
    h = await startHarness();
    const id = fixtureOrder(h.hf, '2026-08-20')[4]!.id;
    const { messageId, message } = await post(h, 'paper', { id });
    const rows = message.components as Row[];
    expect(rows.map((r) => r.components.map((c) => [c.custom_id, c.label]))).toEqual([[[`pb:details:${id}`, 'Details'], [`pb:cite:${id}`, 'Cite'], [`pb:similar:${id}`, 'Similar']]]);
    const before = h.discord.messagesIn(h.discord.channel('c1').id).length;
    const { answer, record } = await press(h, { messageId, customId: `pb:cite:${id}`, user: BOB });
    expect(record.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answer.content).toMatch(new RegExp(`^\`\`\`bibtex\\n@misc\\{[a-z0-9]+,\\n[\\s\\S]*  eprint        = \\{${id.replace('.', '\\.')}\\},[\\s\\S]*\\n\\}\\n\`\`\`$`));
    expect(h.discord.messagesIn(h.discord.channel('c1').id)).toHaveLength(before + 1);
    expect(() => h!.discord.channel(messageId)).toThrow(/no channel/);
  });

  it('Similar in a list answers the presser alone with the archive list of /papers similar, the pressed paper left out', async () => {
    h = await startHarness();
    const id = fixtureOrder(h.hf, '2026-08-20')[4]!.id;
    const { messageId } = await post(h, 'today');
    await h.app.archive.start();
    const paper = await h.app.papers.getPaper(id);
    const before = h.discord.messagesIn(h.discord.channel('c1').id).length;
    const { answer, record } = await press(h, { messageId, customId: 'pb:similar', values: [id], user: BOB });
    expect(record.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answer.content).toContain(`Similar to · ${paper.title.replace(/\s+/g, ' ')}`.slice(0, 40));
    const embeds = answer.embeds as Array<{ url?: string; fields?: Array<{ name: string; value: string }> }>;
    expect(embeds.length).toBeGreaterThan(0);
    expect(embeds.map((e) => e.url)).not.toContain(`https://huggingface.co/papers/${id}`);
    expect(embeds.flatMap((e) => e.fields ?? []).some((f) => f.value.includes('shared terms'))).toBe(true);
    expect(h.discord.messagesIn(h.discord.channel('c1').id)).toHaveLength(before + 1);
  });

  it('a DM alert gets the menus, and Details there is posted once as a reply to the message (DMs have no threads)', async () => {
    h = await startHarness();
    const ids = fixtureOrder(h.hf, '2026-08-20').slice(0, 3).map((p) => p.id);
    const papers = await Promise.all(ids.map((id) => h!.app.papers.getPaper(id)));
    const alert: Reply = {
      kind: 'digest', title: '3 new papers matching your alerts · 2026-08-20', day: '2026-08-20', votable: true,
      papers: papers.map((paper) => ({ paper, communityVotes: 0, score: paper.upvotes, why: ['"x" in title'] })),
    };
    const sent = await h.adapter.sender.send({ platform: 'discord', community: h.discord.guild('g1').id, channel: '', user: ALICE.id }, alert);
    expect(sent.ok).toBe(true);
    const messageId = (sent as { messageId: string }).messageId;
    const dm = h.discord.dmChannelOf(ALICE.id)!;
    expect((h.discord.message(messageId)!.components as Row[]).map((r) => r.components[0]!.custom_id)).toEqual(['pb:details', 'pb:cite', 'pb:similar']);
    const first = await press(h, { messageId, customId: 'pb:details', values: [ids[1]!], user: ALICE });
    const again = await press(h, { messageId, customId: 'pb:details', values: [ids[1]!], user: ALICE });
    expect(first.answer.content).toBe('Details posted in the reply to that message.');
    expect(again.answer.content).toBe('The details are already in the reply to that message.');
    const replies = h.discord.messagesIn(dm.id).filter((m) => (m.body as { message_reference?: { message_id: string } }).message_reference?.message_id === messageId);
    expect(replies).toHaveLength(1);
    expect((replies[0]!.embeds as Embed[])[0]!.title).toBe(papers[1]!.title);
  });
});
