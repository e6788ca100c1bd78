import { describe, expect, it } from 'vitest';
import { describeSlot, lastSlot, nextSlot, type PostSchedule } from '../../src/schedule/slots.ts';

const WEEKDAYS = [1, 2, 3, 4, 5];
const DAILY = [1, 2, 3, 4, 5, 6, 7];
const at = (iso: string) => Date.parse(iso);
const sched = (time: string, timezone: string, weekdays = DAILY): PostSchedule => ({ time, timezone, weekdays });

describe('next post instant', () => {
  it.each([
    ['Paris 09:00, winter time (UTC+1)', sched('09:00', 'Europe/Paris', WEEKDAYS), '2026-03-27T07:00:00Z', '2026-03-27T08:00:00.000Z'],
    ['Paris 09:00, first weekday after spring forward (29 Mar 2026)', sched('09:00', 'Europe/Paris', WEEKDAYS), '2026-03-27T10:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['Paris 09:00 on the spring-forward Sunday itself', sched('09:00', 'Europe/Paris'), '2026-03-29T00:00:00Z', '2026-03-29T07:00:00.000Z'],
    ['Paris 02:30 does not exist on 29 Mar: posted at 03:30 CEST', sched('02:30', 'Europe/Paris'), '2026-03-29T00:00:00Z', '2026-03-29T01:30:00.000Z'],
    ['Paris 09:00, the Saturday before fall back (25 Oct 2026)', sched('09:00', 'Europe/Paris'), '2026-10-24T00:00:00Z', '2026-10-24T07:00:00.000Z'],
    ['Paris 09:00 on the fall-back Sunday', sched('09:00', 'Europe/Paris'), '2026-10-25T00:00:00Z', '2026-10-25T08:00:00.000Z'],
    ['New York 09:00 the day before spring forward (8 Mar 2026)', sched('09:00', 'America/New_York'), '2026-03-07T00:00:00Z', '2026-03-07T14:00:00.000Z'],
    ['New York 09:00 on the spring-forward day', sched('09:00', 'America/New_York'), '2026-03-08T10:00:00Z', '2026-03-08T13:00:00.000Z'],
    ['New York 02:30 does not exist on 8 Mar: posted at 03:30 EDT', sched('02:30', 'America/New_York'), '2026-03-08T05:00:00Z', '2026-03-08T07:30:00.000Z'],
    ['New York 09:00 the day before fall back (1 Nov 2026)', sched('09:00', 'America/New_York'), '2026-10-31T00:00:00Z', '2026-10-31T13:00:00.000Z'],
    ['New York 09:00 on the fall-back day', sched('09:00', 'America/New_York'), '2026-11-01T00:00:00Z', '2026-11-01T14:00:00.000Z'],
    ['Kolkata 09:00 (UTC+5:30, no DST)', sched('09:00', 'Asia/Kolkata'), '2026-08-20T00:00:00Z', '2026-08-20T03:30:00.000Z'],
    ['Mon/Wed/Fri from a Tuesday goes to Wednesday', sched('08:00', 'UTC', [1, 3, 5]), '2026-08-18T09:00:00Z', '2026-08-19T08:00:00.000Z'],
    ['Mon–Fri from Friday after the post goes to Monday', sched('08:00', 'UTC', WEEKDAYS), '2026-08-21T08:00:01Z', '2026-08-24T08:00:00.000Z'],
    ['exactly at the slot counts as that slot', sched('08:00', 'UTC', WEEKDAYS), '2026-08-20T08:00:00Z', '2026-08-20T08:00:00.000Z'],
    ['Tokyo 07:00 Monday is still Sunday in UTC', sched('07:00', 'Asia/Tokyo', [1]), '2026-08-22T00:00:00Z', '2026-08-23T22:00:00.000Z'],
  ])('%s', (_, schedule, from, expected) => {
    expect(nextSlot(schedule, at(from))?.toUTC().toISO()).toBe(expected);
  });
});

describe('latest post instant', () => {
  it.each([
    ['later the same day', sched('09:00', 'Europe/Paris', WEEKDAYS), '2026-08-20T10:00:00Z', '2026-08-20T07:00:00.000Z'],
    ['before today\'s time: yesterday\'s', sched('09:00', 'Europe/Paris', WEEKDAYS), '2026-08-20T06:59:00Z', '2026-08-19T07:00:00.000Z'],
    ['on Sunday with a Mon–Fri schedule: Friday\'s', sched('09:00', 'Europe/Paris', WEEKDAYS), '2026-08-23T12:00:00Z', '2026-08-21T07:00:00.000Z'],
    ['New York, the morning after fall back', sched('09:00', 'America/New_York'), '2026-11-01T15:00:00Z', '2026-11-01T14:00:00.000Z'],
  ])('%s', (_, schedule, now, expected) => {
    expect(lastSlot(schedule, at(now))?.toUTC().toISO()).toBe(expected);
  });
});

describe('describing the next post', () => {
  it.each([
    ['Europe/Paris', '2026-08-20T05:40:00Z', 'Thu 20 Aug 2026, 09:00 Europe/Paris (UTC+2), in 1 h 20 min'],
    ['America/New_York', '2026-08-19T12:30:00Z', 'Wed 19 Aug 2026, 09:00 America/New_York (UTC-4), in 30 min'],
    ['UTC', '2026-08-17T09:00:00Z', 'Wed 19 Aug 2026, 09:00 UTC, in 2 d'],
  ])('in %s', (timezone, now, text) => {
    const slot = nextSlot(sched('09:00', timezone, [3, 4]), at(now));
    expect(slot && describeSlot(slot, at(now))).toBe(text);
  });
});
