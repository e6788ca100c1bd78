import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('alert configuration', () => {
  it('defaults: poll every 15 minutes, at most 20 alerts a day per subscriber', () => {
    expect(loadConfig({})).toMatchObject({ ALERT_POLL_MINUTES: 15, ALERT_DAILY_CAP: 20 });
    expect(loadConfig({ ALERT_POLL_MINUTES: '5', ALERT_DAILY_CAP: '50' })).toMatchObject({ ALERT_POLL_MINUTES: 5, ALERT_DAILY_CAP: 50 });
  });

  it.each([
    [{ ALERT_POLL_MINUTES: '0' }, 'ALERT_POLL_MINUTES: must be at least 1'],
    [{ ALERT_POLL_MINUTES: '2.5' }, 'ALERT_POLL_MINUTES: must be a whole number of minutes'],
    [{ ALERT_POLL_MINUTES: '1441' }, 'ALERT_POLL_MINUTES: must be at most 1440'],
    [{ ALERT_DAILY_CAP: '0' }, 'ALERT_DAILY_CAP: must be at least 1'],
    [{ ALERT_DAILY_CAP: '501' }, 'ALERT_DAILY_CAP: must be at most 500'],
  ])('rejects %j clearly', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
