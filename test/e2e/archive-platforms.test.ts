/**
 * `/papers search` and `/papers similar` end to end: the papers come in through the real HF client against the fake HF
 * (`today`), are archived, and are searched through discord.js against the fake Discord, Bolt against the fake Slack and
 * the console adapter, each over the real core.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/model.ts';
import { startHarness, until, type Harness } from '../discord/harness.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { fixturePapersByDay } from '../helpers/fixture-papers.ts';
import { openPlatform, type PlatformName, type PlatformWorld } from '../helpers/platform-commands.ts';

const day = fixturePapersByDay().get('2026-08-20')!;
/** A paper whose title words are its own: searched by its title, it must come first. */
const target: Paper = day[3]!;
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

let h: Harness | undefined;
let w: PlatformWorld | undefined;
let core: CoreApp | undefined;
let hf: FakeHf | undefined;
afterEach(async () => {
  await w?.close();
  await h?.close();
  await core?.close();
  await hf?.close();
  w = h = core = hf = undefined;
});

/** A slash command through discord.js against the fake Discord; the answer's embeds once it is edited in. */
async function discordCommand(harness: Harness, subcommand: string, options: Record<string, string | number | boolean>) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  expect(sent.delivered).toBe(1);
  const m = await until(() => {
    const id = harness.discord.interaction(sent.token)?.originalMessageId;
    const msg = id ? harness.discord.message(id) : undefined;
    return msg && msg.editedAt !== null ? msg : undefined;
  });
  return m.embeds as Array<{ title: string; fields?: Array<{ name: string; value: string }> }>;
}

describe('on Discord', () => {
  it('archives the papers today showed; search finds one by its title; similar has a Because field', async () => {
    h = await startHarness();
    await discordCommand(h, 'today', { limit: 3 });
    await until(() => h!.app.archive.size >= day.length);
    const found = await discordCommand(h, 'search', { query: flat(target.title), limit: 3 });
    expect(found[0]?.title).toContain(flat(target.title).slice(0, 40));
    const expected = await h.app.archive.similar(target, 3);
    const like = await discordCommand(h, 'similar', { id: target.id, limit: 3 });
    expect(like.map((e) => e.title)).toEqual(expected.map((x) => expect.stringContaining(flat(x.paper.title).slice(0, 30))));
    for (const e of like) expect(e.fields?.find((f) => f.name === 'Because')?.value).toMatch(/^shared terms \w+/);
  });
});

describe.each(['slack'] as PlatformName[])('on %s', (platform) => {
  it('archives the papers today showed; search finds one by its title; similar names shared terms', async () => {
    w = await openPlatform(platform);
    await w.run('today', { limit: 3 });
    await until(() => w!.app.archive.size >= day.length);
    const found = await w.run('search', { query: flat(target.title), limit: 3 });
    expect(found.private).toBe(false);
    const firstTitle = found.text.indexOf(flat(target.title).slice(0, 40));
    expect(firstTitle).toBeGreaterThanOrEqual(0);
    const expected = await w.app.archive.similar(target, 3);
    const like = await w.run('similar', { id: target.id, limit: 3 });
    for (const h of expected) expect(like.text).toContain(flat(h.paper.title).slice(0, 40));
    expect(like.text).toMatch(/shared terms/);
    expect(like.text).not.toContain(target.links.hf);
  });
});

describe('on the console', () => {
  it('search and similar answer with cards, and explain what search does not take', async () => {
    hf = await startFakeHf();
    const config = loadConfig({ STORE_URL: 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent' });
    core = await createCoreApp(config, { log: silentLogger(), retryBaseMs: 1, now: () => new Date('2026-08-20T12:00:00Z') });
    await core.archive.start();
    const deps = { papers: core.papers, config, log: silentLogger(), votes: core.votes, archive: core.archive };
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    const done = startConsoleAdapter({ deps, input, output, banner: 'test console', now: () => new Date('2026-08-20T12:00:00Z') });
    input.write('/papers today 2\n');
    await until(() => core!.archive.size >= day.length);
    const author = target.authors[0]!;
    input.end([`/papers search ${flat(target.title)} 2`, `/papers similar ${target.id} 2`, `/papers search author:"${author}" 5`, '/papers search a OR b', 'exit', ''].join('\n'));
    await done;
    const search = out.indexOf('Search ·');
    expect(out.indexOf(flat(target.title), search)).toBeGreaterThan(search);
    const similar = out.indexOf('Similar to ·');
    expect(similar).toBeGreaterThan(search);
    expect(out.slice(similar)).toMatch(/because: shared terms \w+/);
    expect(out).toContain(`Search · author:"${author}"`);
    expect(out).toContain('leave out OR and parentheses');
  });
});
