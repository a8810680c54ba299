/**
 * The current time for countdowns and call timers: re-renders every
 * `intervalMs` while `active`. The ticking state only schedules renders;
 * the value is read fresh so a timer that just became active never shows a
 * time from before.
 */
import { useEffect, useState } from 'react';

const clock = () => Date.now();

export function useNow(intervalMs: number, active = true): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return clock();
}
