import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startBot, withOutputOf } from '../helpers/bot-process.ts';
import { readQueue, readSlots, seedDailyPosts } from '../helpers/bot-store.ts';
import { endAfterEach } from '../helpers/end-after-each.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const CHANNELS = 40;
const LEASE_SECONDS = 6;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
const bots = endAfterEach({ servers: () => [discord, hf] });

const countStates = (slots: Map<string, string>) => {
  const counts: Record<string, number> = {};
  for (const state of slots.values()) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
};

/**
 * The start-up catch-up claims each missed slot (a `running` record with a lease), fetches the day's list, queues the
 * digest and marks the slot `done`. Here the list request hangs, so the bot is killed while it holds claims on some
 * channels and has not reached the others. The restarted bot must post every channel once: the unclaimed ones in its
 * own start-up catch-up, the dead process's claims as soon as their lease (DELIVERY_LEASE_SECONDS) lapses, not at a
 * later sweep or a fixed 5-minute mark.
 */
describe('a bot killed with SIGKILL during its start-up catch-up, then started again', () => {
  it(`posts each of ${CHANNELS} missed daily digests exactly once, including the slots the dead process had claimed`, async () => {
    const startedAt = Date.now();
    const day = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[day, loadFixtureDays().get('2026-08-20')!]]));
    hf.failNext({ kind: 'hang' }, 1, '/api/daily_papers');
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: CHANNELS }], latencyMs: 10 });
    const guild = discord.guild('g1');
    const destinations: Destination[] = guild.channels.map((c) => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-catch-up-')), 'store.sqlite')}`;
    await seedDailyPosts(storeUrl, '', destinations, new Date(Date.now() - 10 * 60_000), 1);
    const env = {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: storeUrl,
      HF_TIMEOUT_MS: '60000', HF_TOTAL_TIMEOUT_MS: '60000', DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    const running = async () => countStates(await readSlots(storeUrl, '')).running ?? 0;

    const first = startBot(env);
    bots.push(first);
    await waitFor(() => hf!.requests.some((r) => r.path === '/api/daily_papers'), 'the catch-up to ask for the day', 20_000).catch(withOutputOf(first));
    await waitFor(async () => (await running()) > 0, 'the catch-up to claim slots', 5_000).catch(withOutputOf(first));
    await settle(300);
    await first.crash();
    const killedAfterMs = Date.now() - startedAt;
    const slotsAtKill = countStates(await readSlots(storeUrl, ''));
    const atKill = await readQueue(storeUrl, '');
    const postsAtKill = discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).length;

    const second = startBot(env);
    bots.push(second);
    await waitFor(async () => (await readQueue(storeUrl, '')).ledger.size === CHANNELS, 'every channel in the ledger', 20_000).catch(withOutputOf(second));
    await waitFor(async () => (await readQueue(storeUrl, '')).pending.length === 0, 'the queue to drain', 5_000);
    const recheckedHeld = second.logs().find((l) => String(l.msg).includes('checking again when their claim lapses'));
    expect(await second.stop()).toBe(0);
    const final = await readQueue(storeUrl, '');
    const finalSlots = countStates(await readSlots(storeUrl, ''));
    console.info('crash in start-up catch-up:', JSON.stringify({
      channels: CHANNELS, killedAfterMs, slotsAtKill, ledgerAtKill: atKill.ledger.size, postsAtKill,
      heldAtRestart: recheckedHeld?.held ?? 0, finalSlots, totalMs: Date.now() - startedAt,
    }));

    expect(slotsAtKill.running).toBeGreaterThan(0);
    expect(slotsAtKill.running).toBeLessThan(CHANNELS);
    expect(atKill.ledger.size + atKill.pending.length + postsAtKill).toBe(0);
    const postsTo = (to: Destination) =>
      discord!.requests.filter((r: RecordedRequest) => r.method === 'POST' && r.status === 200 && r.path === `/channels/${to.channel}/messages`);
    for (const to of destinations) {
      expect(postsTo(to)).toHaveLength(1);
      expect(discord.messagesIn(to.channel)).toHaveLength(1);
      expect(final.ledger.get(dailyKey(to, day))).toBe(discord.messagesIn(to.channel)[0]!.id);
    }
    expect(finalSlots).toEqual({ done: CHANNELS });
  }, 60_000);
});
