/** Slack reaction names ↔ paperboy's neutral emoji names ("1".."10", "up", "down"). */

/** Slack's names for the keycaps 1️⃣…🔟, in order: index i is paper i + 1 of a digest message. */
export const SLACK_KEYCAPS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'keycap_ten'] as const;

/** The reaction the bot adds to a single-paper card. */
export const SLACK_THUMBS_UP = '+1';

const NEUTRAL = new Map<string, string>([
  ...SLACK_KEYCAPS.map((name, i): [string, string] => [name, String(i + 1)]),
  ['+1', 'up'],
  ['thumbsup', 'up'],
  ['-1', 'down'],
  ['thumbsdown', 'down'],
]);

const NEUTRAL_NAMES = new Set(NEUTRAL.values());

/**
 * A Slack reaction name as a neutral emoji name. Skin tones (`+1::skin-tone-3`) are dropped, so every 👍 is "up";
 * other names come back unchanged, except one that spells a neutral name (Slack's 🆙 is `up`), which becomes
 * `raw:<name>` so it can never count as a vote.
 */
export function neutralEmoji(slackName: string): string {
  const base = slackName.split('::')[0] ?? slackName;
  return NEUTRAL.get(base) ?? (NEUTRAL_NAMES.has(base) ? `raw:${base}` : base);
}

/** `:one:` … `:keycap_ten:` for the n-th paper (1-based) of a digest message. */
export const keycapShortcode = (n: number): string => `:${SLACK_KEYCAPS[n - 1] ?? 'hash'}:`;
