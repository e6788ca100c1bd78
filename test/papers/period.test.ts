import { describe, expect, it } from 'vitest';
import { currentMonth, currentWeek, describePeriod, parseMonth, parseWeek, previousPeriod } from '../../src/papers/period.ts';

describe('ISO weeks and months, in UTC', () => {
  it.each([
    ['2026-W34', '2026-W34', '2026-08-17', '2026-08-23'],
    ['2026-w34', '2026-W34', '2026-08-17', '2026-08-23'],
    ['2026W34', '2026-W34', '2026-08-17', '2026-08-23'],
    ['2026-W1', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2026-W53', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2020-W53', '2020-W53', '2020-12-28', '2021-01-03'],
  ])('%s is week %s, %s to %s', (text, key, first, last) => {
    expect(parseWeek(text)).toEqual({ ok: true, period: { kind: 'week', key, first, last } });
  });

  it.each([
    ['2026-W60', '2026 has weeks W01 to W53; there is no week 60'],
    ['2025-W53', '2025 has weeks W01 to W52; there is no week 53'],
    ['2026-W00', '2026 has weeks W01 to W53; there is no week 0'],
    ['2026-34', 'week must be written YYYY-Www, e.g. 2026-W34'],
    ['W34', 'week must be written YYYY-Www, e.g. 2026-W34'],
    ['2026-W034', 'week must be written YYYY-Www, e.g. 2026-W34'],
  ])('refuses %s: %s', (text, message) => {
    expect(parseWeek(text)).toEqual({ ok: false, message });
  });

  it.each([
    ['2026-08', '2026-08', '2026-08-01', '2026-08-31'],
    ['2026-8', '2026-08', '2026-08-01', '2026-08-31'],
    ['2028-02', '2028-02', '2028-02-01', '2028-02-29'],
  ])('%s is month %s, %s to %s', (text, key, first, last) => {
    expect(parseMonth(text)).toEqual({ ok: true, period: { kind: 'month', key, first, last } });
  });

  it.each([
    ['2026-13', 'there is no month 13; months go from 01 to 12'],
    ['2026-00', 'there is no month 0; months go from 01 to 12'],
    ['2026-08-01', 'month must be written YYYY-MM, e.g. 2026-08'],
    ['August', 'month must be written YYYY-MM, e.g. 2026-08'],
  ])('refuses month %s: %s', (text, message) => {
    expect(parseMonth(text)).toEqual({ ok: false, message });
  });

  it('takes the current week and month in UTC, across the year boundary', () => {
    expect(currentWeek(new Date('2026-08-20T12:00:00Z')).key).toBe('2026-W34');
    expect(currentWeek(new Date('2026-08-23T23:59:59Z')).key).toBe('2026-W34');
    expect(currentWeek(new Date('2026-08-24T00:00:00Z')).key).toBe('2026-W35');
    // Sunday evening in New York is already Monday in UTC: UTC decides.
    expect(currentWeek(new Date('2026-08-23T22:00:00-04:00')).key).toBe('2026-W35');
    expect(currentWeek(new Date('2027-01-02T10:00:00Z')).key).toBe('2026-W53');
    expect(currentMonth(new Date('2026-08-31T23:59:59Z')).key).toBe('2026-08');
    expect(currentMonth(new Date('2026-08-31T20:00:00-05:00')).key).toBe('2026-09');
  });

  it('steps back one week or month', () => {
    expect(previousPeriod(parseOk(parseWeek('2026-W01'))).key).toBe('2025-W52');
    expect(previousPeriod(parseOk(parseWeek('2021-W01'))).key).toBe('2020-W53');
    expect(previousPeriod(parseOk(parseMonth('2026-01'))).key).toBe('2025-12');
  });

  it('describes a period for titles', () => {
    expect(describePeriod(parseOk(parseWeek('2026-W34')))).toBe('2026-W34 (Aug 17–23)');
    expect(describePeriod(parseOk(parseWeek('2026-W36')))).toBe('2026-W36 (Aug 31–Sep 6)');
    expect(describePeriod(parseOk(parseMonth('2026-08')))).toBe('August 2026');
  });
});

function parseOk(r: ReturnType<typeof parseWeek>) {
  if (!r.ok) throw new Error(r.message);
  return r.period;
}
