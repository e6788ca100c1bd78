import { describe, expect, it } from 'vitest';
import { describeAlertMode, holdsAlerts, inQuietHours, parseAlertMode, parseQuietHours } from '../../src/digests/alert-mode-input.ts';
import { scheduleOf, type AlertMode } from '../../src/digests/alert-modes.ts';
import { nextSlot } from '../../src/schedule/slots.ts';

const mode = (m: Partial<AlertMode>): AlertMode => ({
  to: { platform: 'console', community: 'local', channel: 'c', user: 'u' }, mode: 'instant', timezone: 'UTC', flushAt: '00:00', updatedAt: 0, ...m,
});

describe('parsing /papers alerts mode', () => {
  it('reads instant, daily HH:MM and weekly DAY HH:MM', () => {
    expect(parseAlertMode('instant', undefined, undefined, 'UTC')).toEqual({ ok: true, value: { mode: 'instant' } });
    expect(parseAlertMode('Daily', '8am', undefined, 'Europe/Paris')).toEqual({ ok: true, value: { mode: 'daily', time: '08:00', timezone: 'Europe/Paris' } });
    expect(parseAlertMode('weekly', '17:00', 'friday', 'UTC')).toEqual({ ok: true, value: { mode: 'weekly', time: '17:00', weekday: 5, timezone: 'UTC' } });
  });

  it('says what is wrong', () => {
    const message = (r: ReturnType<typeof parseAlertMode>) => (r.ok ? '' : r.message);
    expect(message(parseAlertMode('hourly', '08:00', undefined, 'UTC'))).toContain('"hourly" is not a mode');
    expect(message(parseAlertMode('daily', undefined, undefined, 'UTC'))).toContain('needs a time');
    expect(message(parseAlertMode('weekly', '08:00', undefined, 'UTC'))).toContain('needs a day');
    expect(message(parseAlertMode('weekly', '08:00', 'mon-fri', 'UTC'))).toContain('on one day');
    expect(message(parseAlertMode('daily', '25:00', undefined, 'UTC'))).toContain('is not a time');
    expect(message(parseAlertMode('instant', '08:00', undefined, 'UTC'))).toContain('no time or day');
  });
});

describe('quiet hours', () => {
  it('parse FROM-TO and off', () => {
    expect(parseQuietHours('22:00-08:00', 'Europe/Paris')).toEqual({ ok: true, value: { from: '22:00', to: '08:00', timezone: 'Europe/Paris' } });
    expect(parseQuietHours('10pm-7am', 'UTC')).toEqual({ ok: true, value: { from: '22:00', to: '07:00', timezone: 'UTC' } });
    expect(parseQuietHours('off', 'UTC')).toEqual({ ok: true, value: undefined });
    expect(parseQuietHours('22:00', 'UTC').ok).toBe(false);
    expect(parseQuietHours('08:00-08:00', 'UTC').ok).toBe(false);
  });

  it('wrap midnight on the local clock of their zone, summer and winter alike', () => {
    const q = { from: '22:00', to: '08:00', timezone: 'Europe/Paris' };
    expect(inQuietHours(q, new Date('2026-08-20T20:30:00Z'))).toBe(true); // 22:30 CEST
    expect(inQuietHours(q, new Date('2026-08-20T19:59:00Z'))).toBe(false); // 21:59 CEST
    expect(inQuietHours(q, new Date('2026-08-21T05:59:00Z'))).toBe(true); // 07:59 CEST
    expect(inQuietHours(q, new Date('2026-08-21T06:00:00Z'))).toBe(false); // 08:00 CEST
    expect(inQuietHours(q, new Date('2026-12-21T06:30:00Z'))).toBe(true); // 07:30 CET
    expect(inQuietHours({ from: '09:00', to: '17:00', timezone: 'UTC' }, new Date('2026-08-20T12:00:00Z'))).toBe(true);
    expect(inQuietHours({ from: '09:00', to: '17:00', timezone: 'UTC' }, new Date('2026-08-20T17:00:00Z'))).toBe(false);
  });

  it('hold instant alerts only inside the window; digests always hold', () => {
    const quiet = mode({ quiet: { from: '22:00', to: '08:00', timezone: 'UTC' } });
    expect(holdsAlerts(undefined, new Date('2026-08-20T23:00:00Z'))).toBe(false);
    expect(holdsAlerts(quiet, new Date('2026-08-20T23:00:00Z'))).toBe(true);
    expect(holdsAlerts(quiet, new Date('2026-08-20T12:00:00Z'))).toBe(false);
    expect(holdsAlerts(mode({ mode: 'daily', time: '08:00' }), new Date('2026-08-20T12:00:00Z'))).toBe(true);
  });
});

describe('when held alerts go out (the daily-post slots, DST-exact)', () => {
  it('a daily digest at 08:00 Europe/Paris is at 06:00 UTC in summer and 07:00 UTC after the clocks go back', () => {
    const s = scheduleOf(mode({ mode: 'daily', time: '08:00', timezone: 'Europe/Paris' }));
    expect(s.alertDigest).toBe(true);
    expect(nextSlot(s, Date.parse('2026-10-24T12:00:00Z'))?.toUTC().toISO()).toBe('2026-10-25T07:00:00.000Z');
    expect(nextSlot(s, Date.parse('2026-10-23T12:00:00Z'))?.toUTC().toISO()).toBe('2026-10-24T06:00:00.000Z');
  });

  it('a weekly digest on its one day; quiet hours at their end; otherwise the flush minute in UTC', () => {
    const weekly = scheduleOf(mode({ mode: 'weekly', time: '17:00', weekday: 5, timezone: 'America/New_York' }));
    expect(nextSlot(weekly, Date.parse('2026-08-17T00:00:00Z'))?.toUTC().toISO()).toBe('2026-08-21T21:00:00.000Z');
    const quiet = scheduleOf(mode({ quiet: { from: '22:00', to: '07:30', timezone: 'Asia/Tokyo' } }));
    expect(nextSlot(quiet, Date.parse('2026-08-20T12:00:00Z'))?.toUTC().toISO()).toBe('2026-08-20T22:30:00.000Z');
    const flush = scheduleOf(mode({ flushAt: '12:01' }));
    expect(nextSlot(flush, Date.parse('2026-08-20T12:00:30Z'))?.toUTC().toISO()).toBe('2026-08-20T12:01:00.000Z');
  });

  it('describes a mode', () => {
    expect(describeAlertMode(mode({ mode: 'weekly', time: '17:00', weekday: 5, timezone: 'UTC' }))).toBe('weekly digest on Fri at 17:00 UTC');
    expect(describeAlertMode(undefined)).toBe('instant');
  });
});
