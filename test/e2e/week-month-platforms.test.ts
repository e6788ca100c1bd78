/**
 * `/papers week` and `/papers month` end to end: discord.js against the fake Discord, Bolt against the fake Slack and the
 * console adapter, each over the real core and the fake HF serving weekly and monthly lists. "Now" is 2026-08-20 (W34).
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { KEYCAPS, startHarness, until, type Harness } from '../discord/harness.ts';
import { startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';
import { periodOrder } from '../helpers/period-fixtures.ts';
import { openPlatform, type PlatformWorld } from '../helpers/platform-commands.ts';

let h: Harness | undefined;
let slack: PlatformWorld | undefined;
let world: CommandWorld | undefined;
afterEach(async () => {
  await h?.close();
  await slack?.close();
  await world?.close();
  h = slack = world = undefined;
});

const EPHEMERAL = 64;

async function discordCommand(harness: Harness, subcommand: string, options: Record<string, string | number | boolean> = {}) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  expect(sent.delivered).toBe(1);
  const original = await until(() => {
    const id = harness.discord.interaction(sent.token)?.originalMessageId;
    const m = id ? harness.discord.message(id) : undefined;
    return m && (m.editedAt !== null || m.deleted) ? m : undefined;
  });
  return { sent, original };
}
const embedTitles = (m: { embeds: unknown[] }) => m.embeds.map((e) => (e as { title: string }).title);

describe('on Discord', () => {
  it('/papers week week:2026-W33 limit:3 answers publicly with the ranked week and keycaps to vote', async () => {
    h = await startHarness();
    const { original } = await discordCommand(h, 'week', { week: '2026-W33', limit: 3 });
    const expected = periodOrder(h.hf, 'week', '2026-W33').slice(0, 3);
    expect(embedTitles(original)).toEqual(expected.map((p, i) => `${KEYCAPS[i]} ${p.title}`));
    expect(original.content).toContain('Trending papers · week 2026-W33 (Aug 10–16)');
    expect(original.flags & EPHEMERAL).toBe(0);
    await until(() => h!.discord.reactions.filter((r) => r.messageId === original.id).length === 3);
    expect(h.hf.requests.some((r) => r.query.week === '2026-W33')).toBe(true);
  });

  it('/papers month defaults to the current month; votes cast by reaction move a paper up', async () => {
    h = await startHarness();
    const expected = periodOrder(h.hf, 'month', '2026-08');
    const { original } = await discordCommand(h, 'month', { limit: 5 });
    expect(embedTitles(original)).toEqual(expected.slice(0, 5).map((p, i) => `${KEYCAPS[i]} ${p.title}`));
    expect(original.content).toContain('Trending papers · August 2026');
    expect(original.content).toContain('Months are counted in UTC.');
    await until(() => h!.discord.reactions.filter((r) => r.messageId === original.id).length === 5);
    // Enough members vote for paper 5 with its keycap to pass paper 1: HF upvotes + 3 × net votes.
    const [first, , , , fifth] = expected;
    const voters = Math.floor((first!.upvotes - fifth!.upvotes) / 3) + 1;
    const channelId = h.discord.channel('c1').id;
    for (let i = 0; i < voters; i++)
      h.discord.sendReaction({ add: true, channelId, messageId: original.id, userId: `80000000000000${String(i).padStart(4, '0')}`, emoji: KEYCAPS[4]! });
    await until(() => h!.sink.outcomes.filter((o) => o.status === 'applied').length === voters);
    const again = await discordCommand(h, 'month', { limit: 5 });
    expect(embedTitles(again.original).slice(0, 2)).toEqual([`${KEYCAPS[0]} ${fifth!.title}`, `${KEYCAPS[1]} ${first!.title}`]);
  });

  it('/papers week week:2026-W60 answers privately with the reason and the usage', async () => {
    h = await startHarness();
    const { sent, original } = await discordCommand(h, 'week', { week: '2026-W60' });
    expect(original.deleted).toBe(true);
    const followUp = await until(() => h!.discord.messagesIn(h!.discord.channel('c1').id).find((m) => m.interactionToken === sent.token && m.via === 'followup'));
    expect(followUp.content).toContain('2026 has weeks W01 to W53; there is no week 60');
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
  });
});

describe('on Slack', () => {
  it('/papers week 2026-W33 3, /papers month, and errors for a bad or future week', async () => {
    const w = (slack = await openPlatform('slack'));
    const week = await w.runText!('week 2026-W33 3');
    expect(week.private).toBe(false);
    expect(inOrder(week.text, periodOrder(w.hf, 'week', '2026-W33').slice(0, 3).map((p) => p.title))).toBe(true);
    expect(week.text).not.toContain(periodOrder(w.hf, 'week', '2026-W33')[3]!.title);

    const [first, second, third] = periodOrder(w.hf, 'month', '2026-08');
    await w.app.posts.record(w.where(), 'm-single', [third!.id], 'single');
    const voters = Math.floor((first!.upvotes - third!.upvotes) / 3) + 1;
    for (let i = 0; i < voters; i++)
      await w.app.votes.handle({ where: w.where(), messageId: 'm-single', userId: `U0VOTER${i}`, emoji: 'up', added: true, at: new Date('2026-08-20T09:00:00Z') });
    const month = await w.runText!('month 2');
    expect(inOrder(month.text, [third!.title, first!.title])).toBe(true);
    expect(month.text).not.toContain(second!.title);

    const bad = await w.runText!('week 2026-W60');
    expect(bad.private).toBe(true);
    expect(bad.text).toContain('2026 has weeks W01 to W53; there is no week 60');
    const future = await w.runText!('week 2026-W48');
    expect(future.text).toContain('week 2026-W48 has not started yet; the current week (UTC) is 2026-W34.');
    const help = await w.runText!('help');
    expect(help.text).toContain('/papers week [<week>] [<limit>] [--private]');
    expect(help.text).toContain('/papers month [<month>] [<limit>] [--private]');
  });
});

/** True when every title occurs in `text`, in this order. */
function inOrder(text: string, titles: string[]): boolean {
  const at = titles.map((t) => text.indexOf(t));
  return at.every((p) => p >= 0) && at.every((p, i) => i === 0 || p > at[i - 1]!);
}

describe('on the console', () => {
  it('answers week and month lines, votes on them with react, and explains bad input', async () => {
    const w = (world = await startCommandWorld());
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    const done = startConsoleAdapter({
      deps: w.deps, input, output, banner: 'test console', now: () => new Date('2026-08-20T12:00:00Z'), voting: { posts: w.posts, votes: w.votes },
    });
    input.end(['/papers week 2026-W33 3', 'react 3', '/papers month 2026-08 2', '/papers week 2026-W60', '/papers month 2026-13', 'exit', ''].join('\n'));
    await done;
    const week = periodOrder(w.hf, 'week', '2026-W33');
    expect(out).toContain('Trending papers · week 2026-W33 (Aug 10–16)');
    expect(inOrder(out, week.slice(0, 3).map((p) => p.title))).toBe(true);
    expect(out).toContain(`Vote recorded for ${week[2]!.id} by console; community net now +1.`);
    expect(out).toContain('Trending papers · August 2026');
    expect(out).toContain('2026 has weeks W01 to W53; there is no week 60');
    expect(out).toContain('there is no month 13; months go from 01 to 12');
  });
});
