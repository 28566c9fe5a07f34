import { describe, expect, it } from 'vitest';
import { inSchedule, minutesOf } from '../../../../src/monitor/alerts/schedule';

/** A local-time moment: 2026-11-30 is a Monday. */
const at = (day: number, hh: number, mm = 0) => new Date(2026, 10, 29 + day, hh, mm);
const MON = 1,
  TUE = 2,
  SAT = 6,
  SUN = 7;

describe('minutesOf', () => {
  it('reads HH:MM and refuses anything else', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBe(1440);
    for (const bad of ['24:01', '7:00', '12:60', '1200', '']) expect(minutesOf(bad)).toBeNull();
  });
});

describe('inSchedule', () => {
  it('is always on without windows', () => {
    expect(inSchedule(undefined, at(MON, 3))).toBe(true);
    expect(inSchedule([], at(MON, 3))).toBe(true);
  });

  it('includes the start and excludes the end of a daytime window', () => {
    const office = [{ days: ['mon' as const], from: '09:00', to: '17:30' }];
    expect(at(MON, 9).getDay()).toBe(1);
    expect(inSchedule(office, at(MON, 8, 59))).toBe(false);
    expect(inSchedule(office, at(MON, 9, 0))).toBe(true);
    expect(inSchedule(office, at(MON, 17, 29))).toBe(true);
    expect(inSchedule(office, at(MON, 17, 30))).toBe(false);
    expect(inSchedule(office, at(TUE, 12))).toBe(false);
  });

  it('runs a window past midnight into the next day, on the day it starts', () => {
    const weekendNights = [{ days: ['sat' as const], from: '22:00', to: '06:00' }];
    expect(inSchedule(weekendNights, at(SAT, 21, 59))).toBe(false);
    expect(inSchedule(weekendNights, at(SAT, 22))).toBe(true);
    expect(inSchedule(weekendNights, at(SAT, 23, 59))).toBe(true);
    expect(inSchedule(weekendNights, at(SUN, 0))).toBe(true);
    expect(inSchedule(weekendNights, at(SUN, 5, 59))).toBe(true);
    expect(inSchedule(weekendNights, at(SUN, 6))).toBe(false);
    // Sunday evening is not Saturday's window, and Saturday's early hours belong to Friday's.
    expect(inSchedule(weekendNights, at(SUN, 23))).toBe(false);
    expect(inSchedule(weekendNights, at(SAT, 1))).toBe(false);
  });

  it('takes every day when days are absent, a whole day with 00:00–24:00, and any of several windows', () => {
    expect(inSchedule([{ from: '00:00', to: '24:00' }], at(TUE, 23, 59))).toBe(true);
    const split = [
      { from: '06:00', to: '08:00' },
      { from: '18:00', to: '20:00' },
    ];
    expect(inSchedule(split, at(TUE, 7))).toBe(true);
    expect(inSchedule(split, at(TUE, 19))).toBe(true);
    expect(inSchedule(split, at(TUE, 12))).toBe(false);
  });
});
