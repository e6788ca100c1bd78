import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../commands/parse-text.ts';

describe('alerts commands typed on Slack and the console', () => {
  it.each([
    ['alerts mode daily 08:00 Europe/Paris', { mode: 'daily', time: '08:00', timezone: 'Europe/Paris' }],
    ['alerts mode weekly fri 17:00 --channel', { mode: 'weekly', day: 'fri', time: '17:00', where: 'channel' }],
    ['alerts mode weekly friday 5pm utc', { mode: 'weekly', day: 'friday', time: '5pm', timezone: 'utc' }],
    ['alerts mode instant where:channel', { mode: 'instant', where: 'channel' }],
    ['alerts quiet 22:00-08:00 Europe/Paris', { hours: '22:00-08:00', timezone: 'Europe/Paris' }],
    ['alerts quiet off --channel', { hours: 'off', where: 'channel' }],
  ])('%s', (text, options) => {
    expect(parseCommandText(text)).toEqual({ ok: true, command: text.split(' ').slice(0, 2).join(' '), options });
  });
});
