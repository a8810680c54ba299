/**
 * Holds the seat status the status bar shows. Each feature reports its own
 * part through a callback the composition root hands it; the board pushes
 * `statusChanged` only when something actually changed.
 */
import { unknownStatus, type SeatStatus } from '../../contract/index.js';

export interface StatusBoard {
  current(): SeatStatus;
  update(part: Partial<SeatStatus>): void;
}

export function createStatusBoard(onChange: (status: SeatStatus) => void): StatusBoard {
  let status: SeatStatus = unknownStatus;
  return {
    current: () => status,
    update(part) {
      const next = { ...status, ...part };
      if (JSON.stringify(next) === JSON.stringify(status)) return;
      status = next;
      onChange(status);
    },
  };
}
