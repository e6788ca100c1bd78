import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slackCommandText } from '../../adapters/slack/command-text.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import { allCommands } from '../../commands/registry.ts';

const names = new Set(allCommands().map((c) => c.name));

/** Slack's text arrives escaped; whatever it is, parsing gives a known command with options, or a message. */
function parsesOrExplains(text: string): void {
  const parsed = parseCommandText(slackCommandText(text));
  if (parsed.ok) {
    expect(names.has(parsed.command)).toBe(true);
    for (const v of Object.values(parsed.options)) expect(['string', 'boolean']).toContain(typeof v);
  } else {
    expect(parsed.message.length).toBeGreaterThan(0);
  }
}

const WORDS = [
  'today', 'top', 'paper', 'help', 'channel', 'set', 'off', 'show', 'subscribe', 'unsubscribe', 'subscriptions',
  '5', '26', '-3', '2026-08-20', '2026-02-30', '09:00', '9am', 'Europe/Paris', 'mon-fri', 'week', 'month',
  'limit:', 'date:', '--limit', '--private', '—private', 'limit=4', '"', '“', '”', '&amp;', '&lt;', '<@U123>',
  '<https://arxiv.org/abs/2608.20335|link>', '<#C1|general>', ' ', '\u00a0', '\t', '\n', '😀', '\uD800',
];

describe('Slack command text never throws', () => {
  it.each([
    ['any code points', fc.string({ unit: 'binary', maxLength: 400 })],
    ['command-like text', fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((w) => w.join(' '))],
    ['glued command-like text', fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((w) => w.join(''))],
  ])('%s (10,000 runs)', (_case, arb) => {
    fc.assert(fc.property(arb, parsesOrExplains), { numRuns: 10_000 });
  });
});
