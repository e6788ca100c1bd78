// SQLite, two processes (issue #12, "The fault model grows"): while another process holds the write lock of the bot's
// SQLite file for 4 s, the bot keeps answering slash commands within Discord's 3 s deadline. See docs/decisions/082, 089.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type SentInteraction } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startBot, withOutputOf, type BotProcess } from '../helpers/bot-process.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const HOLD_MS = 4_000;
const COMMANDS = ['today', 'help', 'today', 'help', 'today'];
/** Between two commands: all five arrive while the lock is held. */
const SPACING_MS = 600;

/** Another process on the same file: takes the write lock (BEGIN IMMEDIATE, one write), holds it, then commits. */
const LOCK_HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT OR REPLACE INTO kv (ns, key, value, expires_at) VALUES ('other-process', 'k', '{\\"value\\":1}', NULL)").run();
console.log('locked');
setTimeout(() => { db.exec('COMMIT'); console.log('released'); db.close(); }, ${HOLD_MS});
`;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
let bot: BotProcess | undefined;
let holder: ChildProcess | undefined;
afterEach(async () => {
  holder?.kill();
  await bot?.crash();
  await discord?.close();
  await hf?.close();
  discord = hf = bot = holder = undefined;
});

/** Resolves when the child prints `line`. */
function printed(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.trim() === line && resolve());
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before printing ${line}`)));
  });
}

describe('a bot on a SQLite file whose write lock another process holds for 4 s', () => {
  it(`acknowledges each of ${COMMANDS.length} slash commands within Discord's deadline and then answers it`, async () => {
    const startedAt = Date.now();
    const file = join(mkdtempSync(join(tmpdir(), 'pb-shared-')), 'store.sqlite');
    hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: 2 }] });
    // A short sender lease: the queue renews it (a write) every second, so the bot writes while the lock is held.
    bot = startBot({
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: `sqlite://${file}`,
      DELIVERY_LEASE_SECONDS: '3',
    });
    await bot.logged('daily scheduler started');
    await bot.logged('active sender for this platform');

    holder = spawn(process.execPath, ['-e', LOCK_HOLDER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const released = printed(holder, 'released');
    await printed(holder, 'locked');
    const lockedAt = Date.now();
    const sent: SentInteraction[] = [];
    for (const [n, subcommand] of COMMANDS.entries()) {
      if (n > 0) await settle(SPACING_MS);
      sent.push(discord.sendSlashCommand({ subcommand, channelId: discord.guild('g1').channels[0]!.id }));
    }
    const lastSentWhileLockedMs = Date.now() - lockedAt;
    await released;

    const answered = (s: SentInteraction) => {
      const m = discord!.message(discord!.interaction(s.token)?.originalMessageId ?? '');
      return m !== undefined && (m.editedAt !== null || m.deleted);
    };
    const callbacks = (s: SentInteraction) => discord!.requests.filter((r) => r.path === `/interactions/${s.id}/${s.token}/callback`);
    const refused = (s: SentInteraction) => callbacks(s).some((r) => r.status >= 400);
    await waitFor(() => sent.every((s) => answered(s) || refused(s)), 'every command to be answered', 15_000).catch(withOutputOf(bot));
    await settle(300);

    const followUps = (s: SentInteraction) => discord!.messagesIn(s.record.channelId).filter((m) => m.interactionToken === s.token && m.via === 'followup');
    const outcome = sent.map((s, n) => ({
      command: COMMANDS[n], delivered: s.delivered, callbacks: callbacks(s).map((r) => r.status),
      deferredAfterMs: (s.record.callbacks[0]?.at ?? Infinity) - s.record.createdAt,
      answer: !s.record.originalMessageId ? 'none' : discord!.message(s.record.originalMessageId)?.deleted ? followUps(s).map((m) => m.content).join(' | ') : 'edited',
    }));
    console.info('sqlite shared file:', JSON.stringify({ holdMs: HOLD_MS, lastSentWhileLockedMs, outcome, totalMs: Date.now() - startedAt }));

    expect(lastSentWhileLockedMs).toBeLessThan(HOLD_MS); // every command came in while the other process held the lock
    for (const [n, s] of sent.entries()) {
      expect(s.delivered).toBe(1);
      // Acknowledged once, and Discord took it: a late deferral would have been answered 404 10062 Unknown interaction.
      expect(callbacks(s).map((r) => r.status)).toEqual([204]);
      expect(s.record.callbacks.map((c) => c.type)).toEqual([5]);
      // Then answered: `help` needs no store and is edited in; `today` writes the day's papers to the store's cache, and
      // may tell the caller privately that the storage is not answering (its write gave up after 2 s) instead.
      const original = discord.message(s.record.originalMessageId!)!;
      if (COMMANDS[n] === 'help' || !original.deleted) expect(original.editedAt, `${COMMANDS[n]} edited`).not.toBeNull();
      else expect(followUps(s).map((m) => m.content)).toEqual([expect.stringMatching(/temporarily unavailable \(its storage is not answering\)/)]);
    }
    expect(discord.requests.filter((r) => r.path.startsWith('/interactions/') && r.status >= 400)).toEqual([]);
  }, 40_000);
});
