// Slow platform (issue #12, "The fault model grows"): the fake Discord handles a share of message creates at once but
// answers them after longer than the bot's REST timeout, so discord.js aborts and retries them with the same body
// (hence the same nonce), and gives up on some after its last retry. See docs/decisions/089.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { createChaos, type ChaosOptions } from '../fakes/chaos.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startBot, withOutputOf, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts } from '../helpers/bot-store.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const CHANNELS = 100;
const REST_TIMEOUT_MS = 1_000;
/** discord.js's `rest.retries` default: a request that times out is sent this many times more, then fails. */
const DISCORD_JS_RETRIES = 3;
/** Half the creates answered 5 s late: never within one 1 s try, so 4 late draws in a row make discord.js give up. */
const CHAOS: ChaosOptions = { rate500: 0, rate429: 0, rateSlow: 0.5, slowMs: 5_000, seed: 89 };

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.crash();
  await discord?.close();
  await hf?.close();
  discord = hf = bot = undefined;
});

const isCreate = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
/** A create the fake answered 200 with a new message (not with the one its nonce had already made). */
const created = (r: RecordedRequest) => isCreate(r) && r.status === 200 && !r.nonceReplay;
const runLines = (b: BotProcess) => b.logs().filter((l) => String(l.msg ?? '').startsWith('delivery run:'));
const sum = (lines: Array<Record<string, unknown>>, field: string) => lines.reduce((n, l) => n + Number(l[field] ?? 0), 0);

describe('a Discord that answers half the message creates after the bot\'s REST timeout (accepted, answered late)', () => {
  it(`posts each of ${CHANNELS} daily digests exactly once and reports no failure`, async () => {
    const startedAt = Date.now();
    const day = new Date().toISOString().slice(0, 10);
    // Fixed channel ids: the chaos draws are per request path, so which channels meet which delays is the same every run.
    const ids = Array.from({ length: CHANNELS }, (_, i) => String(1_500_000_000_000_000_000n + BigInt(i)));
    const path = (id: string) => `/channels/${id}/messages`;
    const preview = createChaos(CHAOS);
    const givenUp = ids.filter((id) => Array.from({ length: DISCORD_JS_RETRIES + 1 }, () => preview.draw(path(id))).every((v) => v === 'slow'));
    expect(givenUp.length).toBeGreaterThan(0); // the seed makes discord.js give up on some channels, so the queue's retry is tested

    hf = await startFakeHf(new Map([[day, loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: ids.map((id, i) => ({ id, name: `c${i + 1}` })) }], chaos: CHAOS });
    const guild = discord.guild('g1');
    const daily = guild.channels.map((c): Destination => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-slow-')), 'store.sqlite')}`;
    await seedDailyPosts(storeUrl, '', daily, new Date(Date.now() - 60_000), 1);

    bot = startBot({
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: storeUrl,
      DISCORD_REST_TIMEOUT_MS: String(REST_TIMEOUT_MS), DELIVERY_BACKOFF_BASE_MS: '200', DELIVERY_LEASE_SECONDS: '5',
    });
    await waitFor(async () => (await readQueue(storeUrl, '')).ledger.size === CHANNELS, 'every channel in the ledger', 30_000).catch(withOutputOf(bot));
    await waitFor(async () => (await readQueue(storeUrl, '')).pending.length === 0, 'the queue to drain', 10_000).catch(withOutputOf(bot));
    await waitFor(() => runLines(bot!).length > 0, 'the delivery status line', 10_000).catch(withOutputOf(bot));
    await settle(500);
    const final = await readQueue(storeUrl, '');
    const creates = discord.requests.filter(isCreate);
    const runs = runLines(bot);
    const report = {
      channels: CHANNELS, creates: creates.length, answeredLate: discord.chaos!.counts.slow, nonceReplays: creates.filter((r) => r.nonceReplay).length,
      givenUpByDiscordJs: givenUp.length, sent: sum(runs, 'sent'), retried: sum(runs, 'retried'), failed: sum(runs, 'failed'),
      totalMs: Date.now() - startedAt,
    };
    console.info('slow platform:', JSON.stringify(report));

    for (const to of daily) {
      const messages = discord.messagesIn(to.channel);
      expect(messages).toHaveLength(1);
      expect(creates.filter((r) => created(r) && r.path === path(to.channel))).toHaveLength(1);
      expect(final.ledger.get(dailyKey(to, day))).toBe(messages[0]!.id);
    }
    // Late answers really happened, and repeats of accepted creates were answered with the message already made.
    expect(report.answeredLate).toBeGreaterThan(0);
    expect(report.nonceReplays).toBeGreaterThan(0);
    // Where discord.js gave up, the queue counted the outcome unknown and tried again (then the nonce found the message).
    for (const id of givenUp) expect(creates.filter((r) => r.path === path(id)).length).toBeGreaterThan(DISCORD_JS_RETRIES + 1);
    expect(report.retried).toBeGreaterThanOrEqual(givenUp.length);
    expect(report).toMatchObject({ sent: CHANNELS, failed: 0 });
    expect(bot.logs().filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  }, 45_000);
});
