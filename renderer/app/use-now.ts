/**
 * The current time for call timers, countdowns and "N 分钟前" labels:
 * re-renders every `intervalMs` while `active`. The ticking state only
 * schedules renders; the value is read fresh, so a timer that just became
 * active never shows a time from before. The renderer's one clock hook.
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
