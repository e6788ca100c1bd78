import { afterEach, describe, expect, it } from 'vitest';
import { createTurns } from '../../src/turns.ts';
import { startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An acknowledgement that stays under way until `answer()` (another interaction's deferral, or a Slack ack). */
function heldAcknowledgement(turns: ReturnType<typeof createTurns>) {
  let answer!: () => void;
  void turns.acknowledge(() => new Promise<void>((r) => (answer = r)));
  return { answer: () => answer() };
}

describe('Discord: first response before any command work (docs/decisions/095)', () => {
  it('/papers today is deferred while another acknowledgement is under way; its work waits for its turn, then the reply comes', async () => {
    const turns = createTurns({ maxWaitMs: 60_000 });
    h = await startHarness({ turns });
    const held = heldAcknowledgement(turns);
    const sent = h.discord.sendSlashCommand({ subcommand: 'today', channelId: 'c1' });
    const record = await until(() => {
      const r = h!.discord.interaction(sent.token);
      return r && r.callbacks.length > 0 ? r : undefined;
    });
    expect(record.callbacks.map((c) => c.type)).toEqual([5]);
    // The command itself (options, papers, votes, rendering) has not started: it waits for its turn.
    await until(() => turns.waiting === 1);
    expect(h.discord.requests.filter((r) => r.method === 'PATCH' || (r.method === 'POST' && r.rawPath.includes('/webhooks/')))).toEqual([]);
    held.answer();
    const edited = await until(() => {
      const id = h!.discord.interaction(sent.token)?.originalMessageId;
      const m = id ? h!.discord.message(id) : undefined;
      return m?.editedAt !== null && m?.editedAt !== undefined ? m : undefined;
    });
    expect(edited.content).toContain('Trending papers');
    expect(turns.acknowledging).toBe(0);
  });

  it('a private answer is still deferred privately, read from the private option before the invocation is built', async () => {
    h = await startHarness();
    const sent = h.discord.sendSlashCommand({ subcommand: 'today', options: { private: true }, channelId: 'c1' });
    const record = await until(() => {
      const r = h!.discord.interaction(sent.token);
      return r && r.callbacks.length > 0 ? r : undefined;
    });
    expect(record.callbacks.map((c) => [c.type, ((c.data as { flags?: number } | undefined)?.flags ?? 0) & 64])).toEqual([[5, 64]]);
  });
});
