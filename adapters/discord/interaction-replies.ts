import { MessageFlags, REST, Routes, type RepliableInteraction } from 'discord.js';
import type { DiscordMessage } from './render.ts';

/**
 * Edits, deletions and follow-ups of interaction replies (`/webhooks/{app}/{interaction token}/…`). Each returns the
 * message id where there is one, and marks the interaction replied, as discord.js's `editReply` and `followUp` do.
 */
export interface InteractionReplies {
  /** Replaces the deferred "thinking…" reply (`@original`) with `message`. */
  edit(i: RepliableInteraction, message: DiscordMessage): Promise<string>;
  /** A further message; `privately` makes it visible to the caller only. */
  followUp(i: RepliableInteraction, message: DiscordMessage, privately: boolean): Promise<string>;
  /** Removes the deferred reply (`@original`). */
  deleteOriginal(i: RepliableInteraction): Promise<void>;
  stop(): void;
}

const body = (m: DiscordMessage, privately = false) => ({
  content: m.content ?? '',
  embeds: m.embeds,
  ...(m.components ? { components: m.components } : {}),
  allowed_mentions: { parse: [] },
  ...(privately ? { flags: MessageFlags.Ephemeral } : {}),
});

/**
 * Discord does not count interaction endpoints against the bot's global rate limit (decision 072), but discord.js
 * sends them through the client's REST, whose own 50 requests/s limiter they then share with channel posts and vote
 * reactions. These go through a second REST with the same options (`api` base, timeouts, retries, user agent) and no
 * global limiter. It has no bot token: the interaction token in the URL authorises each request (`auth: false`).
 * Per-route 429s and bucket headers are honoured as before, and a global 429 Discord might still send pauses it.
 */
export function createInteractionReplies(main: REST): InteractionReplies {
  const rest = new REST({ ...main.options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  const sent = (i: RepliableInteraction, m: unknown): string => {
    i.replied = true;
    return (m as { id: string }).id;
  };
  return {
    async edit(i, message) {
      const route = Routes.webhookMessage(i.applicationId, i.token, '@original');
      return sent(i, await rest.patch(route, { body: body(message), auth: false }));
    },
    async followUp(i, message, privately) {
      const route = Routes.webhook(i.applicationId, i.token);
      return sent(i, await rest.post(route, { body: body(message, privately), query: new URLSearchParams({ wait: 'true' }), auth: false }));
    },
    async deleteOriginal(i) {
      await rest.delete(Routes.webhookMessage(i.applicationId, i.token, '@original'), { auth: false });
    },
    stop() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
