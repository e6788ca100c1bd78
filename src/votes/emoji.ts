/**
 * Vote emoji: the neutral names the core understands, and the platform spellings adapters translate from and to.
 * Neutral names are "1".."10" for the keycaps and "up" / "down" for 👍 / 👎; anything else is not a vote.
 */
export const KEYCAP_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export type KeycapName = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10';
export type VoteEmoji = KeycapName | 'up' | 'down';

const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'] as const;
const SLACK_KEYCAPS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'keycap_ten'] as const;

/** The Unicode keycap for paper n of a digest (1️⃣ … 🔟), e.g. for the bot's own reactions on Discord. */
export function keycapEmoji(n: number): string {
  const e = KEYCAPS[n - 1];
  if (!Number.isInteger(n) || !e) throw new RangeError(`keycaps go from 1 to 10, not ${n}`);
  return e;
}

/** The Slack reaction name for paper n of a digest (`one` … `nine`, `keycap_ten`). */
export function slackKeycapName(n: number): string {
  const e = SLACK_KEYCAPS[n - 1];
  if (!Number.isInteger(n) || !e) throw new RangeError(`keycaps go from 1 to 10, not ${n}`);
  return e;
}

/** Unicode for a neutral vote emoji: "3" → 3️⃣, "up" → 👍. */
export function unicodeEmoji(name: VoteEmoji): string {
  if (name === 'up') return '👍';
  if (name === 'down') return '👎';
  return keycapEmoji(Number(name));
}

/** The Slack reaction name for a neutral vote emoji: "3" → `three`, "up" → `thumbsup`. */
export function slackEmojiName(name: VoteEmoji): string {
  if (name === 'up') return 'thumbsup';
  if (name === 'down') return 'thumbsdown';
  return slackKeycapName(Number(name));
}

const SKIN_TONE = /(?:[\u{1F3FB}-\u{1F3FF}]|::skin-tone-[2-6])$/u;
const ALIASES = new Map<string, VoteEmoji>([
  ['👍', 'up'],
  ['+1', 'up'],
  ['thumbsup', 'up'],
  ['👎', 'down'],
  ['-1', 'down'],
  ['thumbsdown', 'down'],
  ['🔟', '10'],
  ['keycap_ten', '10'],
]);
KEYCAPS.forEach((e, i) => ALIASES.set(e, String(i + 1) as KeycapName));
SLACK_KEYCAPS.forEach((e, i) => ALIASES.set(e, String(i + 1) as KeycapName));

/**
 * The neutral name of a platform emoji: Unicode keycaps with or without U+FE0F, Slack names (`one`, `keycap_ten`,
 * `+1`, `thumbsdown`, with or without `::skin-tone-N` or colons), and 👍/👎 with any skin tone. Anything else comes
 * back unchanged, and the votes core ignores it; a platform name that happens to spell a neutral name (Slack's 🆙 is
 * `up`, a custom emoji may be called `1`) comes back as `raw:<name>` so it can never count as a vote.
 */
export function neutralEmoji(platformName: string): string {
  const name = platformName.trim().replace(/^:(.*):$/, '$1');
  const bare = name.replace(SKIN_TONE, '').replace(/\uFE0F/g, '');
  const found = ALIASES.get(bare) ?? ALIASES.get(name) ?? ALIASES.get(bare.replace(/\u20E3$/, '\uFE0F\u20E3'));
  if (found) return found;
  return isVoteEmoji(platformName) ? `raw:${platformName}` : platformName;
}

const NEUTRAL = new Set<string>([...KEYCAP_NUMBERS.map(String), 'up', 'down']);

/** True for "1".."10", "up" and "down". */
export const isVoteEmoji = (name: string): name is VoteEmoji => NEUTRAL.has(name);

/** The paper position a keycap votes for (1-based), or undefined for 👍/👎 and non-votes. */
export function keycapNumber(name: string): number | undefined {
  return isVoteEmoji(name) && name !== 'up' && name !== 'down' ? Number(name) : undefined;
}
