import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { slackCommandText } from '../../adapters/slack/command-text.ts';
import { defineCommand } from '../../commands/definition.ts';
import { parseCommandText } from '../../commands/parse-text.ts';

const noop = async () => ({ kind: 'text', text: '' }) as const;

/** Commands shaped like the real ones (a rest query, a flag, choices, a time), so the parser is tested on every kind. */
const commands = [
  defineCommand({
    name: 'today',
    description: '',
    options: [
      { name: 'limit', description: '', type: 'integer', accepts: 'number' },
      { name: 'date', description: '', type: 'string', accepts: 'day' },
      { name: 'private', description: '', type: 'boolean' },
    ],
    schema: z.object({}),
    run: noop,
  }),
  defineCommand({
    name: 'top',
    description: '',
    options: [{ name: 'period', description: '', type: 'string', accepts: 'choice', choices: ['day', 'week', 'month'] }],
    schema: z.object({}),
    run: noop,
  }),
  defineCommand({
    name: 'subscribe',
    description: '',
    options: [
      { name: 'query', description: '', type: 'string', rest: true, required: true },
      { name: 'channel', description: '', type: 'boolean' },
    ],
    schema: z.object({}),
    run: noop,
  }),
  defineCommand({
    name: 'channel set',
    description: '',
    options: [
      { name: 'time', description: '', type: 'string', accepts: 'time' },
      { name: 'timezone', description: '', type: 'string', accepts: 'word' },
    ],
    schema: z.object({}),
    run: noop,
  }),
  defineCommand({ name: 'help', description: '', options: [], schema: z.object({}), run: noop }),
];

describe('slackCommandText: what Slack sends → what the user typed', () => {
  it.each([
    ['today 5', 'today 5'],
    ['subscribe diffusion &amp; (video OR audio) -&gt;', 'subscribe diffusion & (video OR audio) ->'],
    ['subscribe &lt;think&gt; tokens', 'subscribe <think> tokens'],
    ['subscribe &amp;lt; literally', 'subscribe &lt; literally'],
    ['channel set 09:00 <#C0PAPERS01|papers>', 'channel set 09:00 #papers'],
    ['channel set <#C0PAPERS01>', 'channel set #C0PAPERS01'],
    ['subscribe by <@U0HUMAN001|alice>', 'subscribe by @alice'],
    ['subscribe <!here>', 'subscribe @here'],
    ['subscribe <https://arxiv.org/abs/2608.1|arxiv.org/abs/2608.1>', 'subscribe https://arxiv.org/abs/2608.1'],
    ['subscribe <mailto:a@b.org|a@b.org>', 'subscribe a@b.org'],
  ])('%j → %j', (raw, typed) => {
    expect(slackCommandText(raw)).toBe(typed);
  });
});

describe('parseCommandText on Slack input', () => {
  it.each([
    ['', { command: 'help', options: {} }],
    ['   ', { command: 'help', options: {} }],
    ['Today', { command: 'today', options: {} }],
    ['today 5', { command: 'today', options: { limit: '5' } }],
    ['today 2026-08-14 5', { command: 'today', options: { limit: '5', date: '2026-08-14' } }],
    ['today limit:5 date:2026-08-14', { command: 'today', options: { limit: '5', date: '2026-08-14' } }],
    ['today limit=5', { command: 'today', options: { limit: '5' } }],
    ['today --limit 5 --private', { command: 'today', options: { limit: '5', private: true } }],
    ['today --limit=7', { command: 'today', options: { limit: '7' } }],
    ['today \u2014limit 5 \u2013private', { command: 'today', options: { limit: '5', private: true } }],
    ['today\u00A05', { command: 'today', options: { limit: '5' } }],
    ['/papers today 3', { command: 'today', options: { limit: '3' } }],
    ['top week', { command: 'top', options: { period: 'week' } }],
    ['top WEEK', { command: 'top', options: { period: 'week' } }],
    ['subscribe diffusion &amp; video', { command: 'subscribe', options: { query: 'diffusion & video' } }],
    ['subscribe \u201Cvision transformer\u201D -survey', { command: 'subscribe', options: { query: '"vision transformer" -survey' } }],
    ['subscribe "state space" --channel', { command: 'subscribe', options: { query: '"state space"', channel: true } }],
    ['subscribe title:diffusion', { command: 'subscribe', options: { query: 'title:diffusion' } }],
    ['channel set 09:00 Europe/Paris', { command: 'channel set', options: { time: '09:00', timezone: 'Europe/Paris' } }],
    ['Channel Set 9:30', { command: 'channel set', options: { time: '9:30' } }],
  ])('%j', (raw, expected) => {
    expect(parseCommandText(slackCommandText(raw), commands)).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['frobnicate', /Unknown command "frobnicate"/],
    ['today banana', /did not understand "banana"[\s\S]*Usage: \/papers today/],
    ['today --limit', /--limit needs a value/],
    ['top year', /did not understand "year"/],
  ])('%j is refused with the usage', (raw, message) => {
    const parsed = parseCommandText(slackCommandText(raw), commands);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });
});
