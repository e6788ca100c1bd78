import { describe, expect, it } from 'vitest';
import { formatWeekdays, parseTime, parseTimeZone, parseWeekdays } from '../../src/schedule/friendly-input.ts';

describe('time of day', () => {
  it.each([
    ['9:00', '09:00'], ['09:00', '09:00'], ['21:05', '21:05'], ['0:00', '00:00'], ['9am', '09:00'], ['9:30 pm', '21:30'],
    ['12am', '00:00'], ['12pm', '12:00'], ['7 a.m.', '07:00'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(parseTime(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['24:00', '9:60', '9', 'noon', '13pm', '', '9:5'])('refuses "%s"', (input) => {
    expect(parseTime(input)).toMatchObject({ ok: false, message: expect.stringMatching(/HH:MM/) });
  });
});

describe('time zone', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'], ['europe/paris', 'Europe/Paris'], ['UTC', 'UTC'], ['utc', 'UTC'],
    ['America/New_York', 'America/New_York'], ['Asia/Kolkata', 'Asia/Kolkata'], ['asia/kolkata', 'Asia/Kolkata'],
    ['america/port-au-prince', 'America/Port-au-Prince'], ['US/Eastern', 'US/Eastern'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(parseTimeZone(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['Mars/Olympus', 'Paris', '+01:00', ''])('refuses "%s"', (input) => {
    expect(parseTimeZone(input)).toMatchObject({ ok: false, message: expect.stringMatching(/IANA time zone/) });
  });
});

describe('weekdays', () => {
  it.each([
    ['mon-fri', [1, 2, 3, 4, 5]], ['Mon-Fri', [1, 2, 3, 4, 5]], ['mon,wed,fri', [1, 3, 5]], ['mon, wed, fri', [1, 3, 5]],
    ['daily', [1, 2, 3, 4, 5, 6, 7]], ['every day', [1, 2, 3, 4, 5, 6, 7]], ['weekdays', [1, 2, 3, 4, 5]], ['weekends', [6, 7]],
    ['fri-mon', [1, 5, 6, 7]], ['tuesday,thursday', [2, 4]], ['tu,th', [2, 4]], ['sun', [7]], ['mon-wed,fri', [1, 2, 3, 5]],
  ])('reads "%s"', (input, expected) => {
    expect(parseWeekdays(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['funday', 's', 'mon-', 'mon-tue-wed', ''])('refuses "%s"', (input) => {
    expect(parseWeekdays(input).ok).toBe(false);
  });
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'], [[1, 2, 3, 4, 5, 6, 7], 'every day'], [[1, 3, 5], 'Mon, Wed, Fri'], [[6, 7], 'Sat, Sun'],
  ])('writes %j as "%s"', (days, text) => {
    expect(formatWeekdays(days)).toBe(text);
  });
});
