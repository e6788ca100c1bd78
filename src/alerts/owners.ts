/** Who a subscription belongs to, and the short ids people type to name one. */
import { randomInt } from 'node:crypto';
import type { Destination } from '../model.ts';

/** Most subscriptions one person may hold in one community (alerts by DM). */
export const MAX_USER_SUBSCRIPTIONS = 25;
/** Most subscriptions one channel may hold. */
export const MAX_CHANNEL_SUBSCRIPTIONS = 50;

/** A person's alerts go to their DMs; `community` keeps them per guild/team, `channel` records where they subscribed. */
export const userOwner = (where: Destination, userId: string): Destination => ({
  platform: where.platform,
  community: where.community,
  channel: where.channel,
  user: userId,
});

/** A channel's alerts are posted in the channel. */
export const channelOwner = (where: Destination): Destination => ({
  platform: where.platform,
  community: where.community,
  channel: where.channel,
});

export const isUserOwner = (owner: Destination): boolean => owner.user !== undefined;

export const limitOf = (owner: Destination): number => (isUserOwner(owner) ? MAX_USER_SUBSCRIPTIONS : MAX_CHANNEL_SUBSCRIPTIONS);

/** Crockford's base32 alphabet: no i, l, o or u, so ids survive being read aloud or typed from a screenshot. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const ID_LENGTH = 6;

/** A fresh 6-character id, e.g. `k3f9x2` (30 random bits). Uniqueness is enforced by the store. */
export function newSubscriptionId(random: (max: number) => number = randomInt): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[random(ALPHABET.length)];
  return id;
}

/** What someone typed as an id, in canonical form: case, spaces and dashes ignored, `o`→`0`, `i`/`l`→`1`. */
export function normaliseId(typed: string): string {
  return typed
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}

/** Whether `id` could be a subscription id at all (after {@link normaliseId}). */
export const looksLikeId = (id: string): boolean => id.length === ID_LENGTH && [...id].every((c) => ALPHABET.includes(c));
