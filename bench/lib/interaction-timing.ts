import type { FakeDiscord, SentInteraction } from '../../test/fakes/discord-server.ts';
import { pct, until } from './table.ts';

/** Per interaction: ms from dispatch to the first callback arriving at the fake, and to the last edit of @original. */
export interface InteractionTimes {
  first: number[];
  final: number[];
  /** Interactions that got no callback or no final reply. */
  unanswered: number;
  /** Interactions whose deferral came too late (past `interactionTimeoutMs`, Discord's 3 s) or never: they failed. */
  expired: number;
}

/**
 * Dispatches `n` `/papers today` interactions at once, spread round-robin over the fake's channels, and waits for every
 * final reply, except of the interactions that expired unacknowledged after `expiresMs` (they can have none).
 */
export async function burstOfToday(discord: FakeDiscord, n: number, timeoutMs = 120_000, expiresMs = 3_000): Promise<InteractionTimes> {
  const channels = discord.guilds.flatMap((g) => g.channels.map((c) => ({ guildId: g.id, channelId: c.id })));
  const sent: SentInteraction[] = [];
  for (let i = 0; i < n; i++) {
    const where = channels[i % channels.length]!;
    sent.push(discord.sendSlashCommand({ ...where, subcommand: 'today', user: { id: String(10n ** 17n + BigInt(i)), username: `u${i}` } }));
  }
  const finalAt = (s: SentInteraction) => {
    const id = s.record.originalMessageId;
    return id ? discord.message(id)?.editedAt ?? null : null;
  };
  const expired = (s: SentInteraction) => s.record.callbacks.length === 0 && Date.now() - s.record.createdAt > expiresMs + 1_000;
  await until(() => sent.every((s) => finalAt(s) !== null || expired(s)), `${n} final replies`, timeoutMs, 20).catch(() => undefined);
  const first: number[] = [];
  const final: number[] = [];
  let unanswered = 0;
  for (const s of sent) {
    const cb = s.record.callbacks[0];
    const done = finalAt(s);
    if (!cb || done === null) unanswered++;
    if (cb) first.push(cb.at - s.record.createdAt);
    if (done !== null) final.push(done - s.record.createdAt);
  }
  first.sort((a, b) => a - b);
  final.sort((a, b) => a - b);
  return { first, final, unanswered, expired: sent.filter((s) => s.record.callbacks.length === 0).length };
}

export const p50 = (xs: number[]) => pct(xs, 50);
export const p99 = (xs: number[]) => pct(xs, 99);
