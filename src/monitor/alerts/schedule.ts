/** Whether a moment falls in a rule's schedule, in local time. Pure: the caller passes the Date. */
import { WEEKDAYS, type ScheduleWindow } from './rule';

/** "HH:MM" → minutes after midnight, or null. "24:00" is allowed (the end of a day). */
export function minutesOf(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return null;
  return h * 60 + m;
}

/** True when `date` is in any window; no windows means always. */
export function inSchedule(windows: readonly ScheduleWindow[] | undefined, date: Date): boolean {
  if (!windows || windows.length === 0) return true;
  return windows.some((w) => inWindow(w, date));
}

function inWindow(window: ScheduleWindow, date: Date): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === null || to === null) return false;
  const now = date.getHours() * 60 + date.getMinutes();
  const today = WEEKDAYS[date.getDay()];
  const yesterday = WEEKDAYS[(date.getDay() + 6) % 7];
  const startsOn = (day: (typeof WEEKDAYS)[number]) =>
    !window.days || window.days.length === 0 || window.days.includes(day);
  if (from < to) return startsOn(today) && now >= from && now < to;
  // Past midnight: the evening part belongs to today's window, the early hours to yesterday's.
  return (startsOn(today) && now >= from) || (startsOn(yesterday) && now < to);
}
