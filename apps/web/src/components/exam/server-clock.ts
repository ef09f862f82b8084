import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Countdown from the server's clock (docs/exam-delivery.md "Clock"): the client never decides
 * the deadline, it only shows `deadlineAt − (local now + offset)` where
 * offset = serverNow − local time when the answer arrived.
 */
export function clockOffsetMs(serverNow: string, receivedAtMs: number): number {
  return Date.parse(serverNow) - receivedAtMs;
}

export function remainingMs(deadlineAt: string, offsetMs: number, localNowMs: number): number {
  return Math.max(0, Date.parse(deadlineAt) - (localNowMs + offsetMs));
}

/** 01:02:03 (or 02:03 under an hour). */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Ticks every second; `sync` takes every server answer carrying serverNow/deadlineAt. */
export function useServerCountdown() {
  const [deadlineAt, setDeadlineAt] = useState<string | undefined>();
  const offset = useRef(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const sync = useCallback((serverNow: string, deadline: string) => {
    offset.current = clockOffsetMs(serverNow, Date.now());
    setDeadlineAt(deadline);
    setNow(Date.now());
  }, []);
  const remaining = deadlineAt === undefined ? undefined : remainingMs(deadlineAt, offset.current, now);
  return { remaining, deadlineAt, offsetMs: offset.current, sync };
}
