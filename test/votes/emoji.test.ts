import { describe, expect, it } from 'vitest';
import { isVoteEmoji, keycapEmoji, neutralEmoji, slackEmojiName, slackKeycapName, unicodeEmoji } from '../../src/votes/emoji.ts';

describe('vote emoji', () => {
  it.each([
    ['1️⃣', '1'],
    ['1⃣', '1'],
    ['9️⃣', '9'],
    ['🔟', '10'],
    ['one', '1'],
    [':nine:', '9'],
    ['keycap_ten', '10'],
    ['👍', 'up'],
    ['👍🏽', 'up'],
    ['👎🏿', 'down'],
    ['+1', 'up'],
    ['+1::skin-tone-3', 'up'],
    ['thumbsup', 'up'],
    ['-1', 'down'],
    ['thumbsdown', 'down'],
    ['0️⃣', '0️⃣'],
    ['zero', 'zero'],
    ['tada', 'tada'],
    ['🎉', '🎉'],
    ['up', 'raw:up'],
    ['1', 'raw:1'],
    ['10', 'raw:10'],
  ])('maps the platform emoji %s to %s', (platform, neutral) => {
    expect(neutralEmoji(platform)).toBe(neutral);
  });

  it('round-trips every vote emoji through Unicode and Slack names', () => {
    for (const name of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'up', 'down'] as const) {
      expect(neutralEmoji(unicodeEmoji(name))).toBe(name);
      expect(neutralEmoji(slackEmojiName(name))).toBe(name);
      expect(isVoteEmoji(name)).toBe(true);
    }
  });

  it('names the keycaps the bot adds under a digest', () => {
    expect([1, 2, 10].map(keycapEmoji)).toEqual(['1️⃣', '2️⃣', '🔟']);
    expect([1, 9, 10].map(slackKeycapName)).toEqual(['one', 'nine', 'keycap_ten']);
    expect(() => keycapEmoji(11)).toThrow(RangeError);
    expect(() => slackKeycapName(0)).toThrow(RangeError);
  });
});
