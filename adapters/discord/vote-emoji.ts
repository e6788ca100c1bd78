/** The Unicode emoji the bot offers for voting, and their neutral names ("1".."10", "up", "down"). */
const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'] as const;

/** The keycap voting for paper n (1-based) of a digest message. */
export function keycapEmoji(n: number): string {
  const e = KEYCAPS[n - 1];
  if (!Number.isInteger(n) || !e) throw new RangeError(`keycaps go from 1 to 10, not ${n}`);
  return e;
}

export const THUMBS_UP = '👍';
export const THUMBS_DOWN = '👎';

const NEUTRAL = new Map<string, string>([
  [THUMBS_UP, 'up'],
  [THUMBS_DOWN, 'down'],
  ...KEYCAPS.map((e, i) => [e.replace(/\uFE0F/g, ''), String(i + 1)] as const),
]);

/** The neutral name of a Unicode emoji a user reacted with, or undefined when it is not a vote emoji. */
export function neutralVoteEmoji(unicode: string): string | undefined {
  return NEUTRAL.get(unicode.replace(/\uFE0F/g, ''));
}
