/**
 * `subscribe like:` end to end through the real Discord adapter (fake Discord) and the real core over the fake HF: the
 * subscription is made by slash command, listed and removable; a poll alerts by DM a new paper close to the followed
 * one, saying "similar to <title>", and not an unrelated one nor the followed paper itself; a second poll sends nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LIKE_PAPER_TERMS, similarity } from '../../src/alerts/like-profile.ts';
import { NOW, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Item = { paper: Record<string, unknown> & { id: string; title: string; summary: string }; title: string; summary: string };
type Embed = { url?: string; title?: string; fields?: Array<{ name: string; value: string }> };
const TODAY = NOW.toISOString().slice(0, 10);
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A copy of a real HF Daily Papers item under another id, title and abstract. */
function itemLike(real: Item, id: string, title: string, summary: string): Item {
  const copy = structuredClone(real);
  Object.assign(copy.paper, { id, title, summary, submittedOnDailyAt: `${TODAY}T08:00:00.000Z` });
  return { ...copy, title, summary };
}

async function slash(harness: Harness, subcommand: string, options: Record<string, string>) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  const reply = await until(() => {
    const id = harness.discord.interaction(sent.token)?.originalMessageId;
    const m = id ? harness.discord.message(id) : undefined;
    return m && m.editedAt !== null ? m : undefined;
  });
  return reply.content ?? '';
}

describe('subscribe like: through the real Discord adapter', () => {
  it('alerts a close new paper by DM with "similar to <title>", not an unrelated one, and not twice; listed and removable', async () => {
    h = await startHarness();
    const days = [...h.hf.days.keys()].sort();
    const followed = (h.hf.days.get(days[0]!) as Item[])[0]!;
    const today = h.hf.days.get(TODAY) as Item[];
    const sentences = followed.paper.summary.split(/(?<=\.)\s+/);
    const close = itemLike(today[0]!, '2608.99901', `Revisiting ${flat(followed.paper.title)}`, sentences.slice(1).join(' ') || followed.paper.summary);
    h.app.delivery.registerSender(h.adapter.sender);
    await h.app.start({ scheduler: false, alerts: false });
    await h.app.archive.start();
    // Unrelated, but for two of the followed paper's distinctive terms: some similarity, far below the threshold.
    const shared = h.app.archive.distinctiveTerms(await h.app.papers.getPaper(followed.paper.id), 25).slice(1, 3).map((t) => t.term);
    const unrelated = itemLike(today[1]!, '2608.99902', 'Protein folding with graph transformers over residue contact maps',
      `We predict protein tertiary structure from amino-acid sequences with graph attention over residue contacts (${shared.join(', ')}), evaluated on CASP targets.`);
    today.push(close, unrelated);

    const reply = await slash(h, 'subscribe', { query: `like:https://huggingface.co/papers/${followed.paper.id}` });
    expect(reply).toMatch(/^Subscribed \(id \w+\): like:\S+/);
    expect(reply).toContain(`papers similar to "${flat(followed.paper.title)}"`);
    expect(reply).toMatch(/Last 7 days \(\S+ – \S+\): [1-9]\d* of \d+ papers would have matched/);
    expect(reply).toContain(`• ${close.paper.title}`);
    expect(reply).not.toContain('Protein folding');
    expect(reply).toContain(`/papers similar ${followed.paper.id}`);
    const subId = /\(id (\w+)\)/.exec(reply)![1]!;
    expect(await slash(h, 'subscribe', { query: `like:${followed.paper.id}` })).toContain(`this alert already (id ${subId})`);
    expect(await slash(h, 'subscribe', { query: 'like:2608.00000' })).toMatch(/not in the archive and Hugging Face has no page for it/);
    expect(await slash(h, 'subscriptions', {})).toContain(`${subId} — like:${followed.paper.id} (papers similar to ${flat(followed.paper.title)})`);

    const profile = (await h.app.alerts.find(subId))!.like!.terms;
    const unrelatedTerms = h.app.archive.distinctiveTerms(await h.app.papers.getPaper(unrelated.paper.id), LIKE_PAPER_TERMS);
    expect(similarity(profile, unrelatedTerms)).toBeGreaterThan(0.02); // the premise: not nothing in common

    expect(await h.app.alerts.poll(NOW, { force: true })).toMatchObject({ queued: 1 });
    const dm = await until(() => h!.discord.dmChannelOf(h!.discord.testUser.id));
    await until(async () => h!.discord.messagesIn(dm.id).length > 0 && (await h!.app.delivery.pendingItems()).length === 0);
    const first = h.discord.messagesIn(dm.id);
    const embeds = first.flatMap((m) => m.embeds as Embed[]);
    const urls = embeds.map((e) => e.url ?? '');
    expect(urls).toContain(`https://huggingface.co/papers/${close.paper.id}`);
    expect(urls).not.toContain(`https://huggingface.co/papers/${unrelated.paper.id}`);
    expect(urls).not.toContain(`https://huggingface.co/papers/${followed.paper.id}`);
    const matched = embeds.find((e) => e.url?.endsWith(close.paper.id))!.fields!.find((f) => f.name === 'Matched')?.value;
    expect(matched).toContain(`similar to ${flat(followed.paper.title)}`.slice(0, 60));

    expect(await h.app.alerts.poll(new Date(NOW.getTime() + 3_600_000), { force: true })).toMatchObject({ queued: 0, alerted: 0 });
    expect(h.discord.messagesIn(dm.id)).toHaveLength(first.length);

    expect(await slash(h, 'unsubscribe', { id: subId })).toContain(`Removed your alert ${subId}: like:${followed.paper.id}`);
    expect(h.app.alerts.engine.size).toBe(0);
  }, 60_000);
});
