/**
 * Quitting without cutting off the seat's last words: un-REGISTER, BYE for a
 * live call and the calls' end rows are written by `core.close()`, which is
 * asynchronous. Electron's `before-quit` does not wait for a promise, so the
 * first quit is held (preventDefault), the core is closed — for at most
 * `timeoutMs`, a stuck registrar must not keep the app from quitting — and
 * then the app exits. Quit requests meanwhile (a second Ctrl+Q, the OS
 * logging out) are held too: one close only.
 *
 * ```
 *  before-quit ──▶ held ──close() settles or timeoutMs──▶ app.exit(0)
 *       ▲            │
 *       └── again ───┘ (held, no second close)
 * ```
 */
export interface QuitSequenceApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code?: number): void;
}

export interface QuitSequenceOptions {
  /** Closes the core (and anything else that must finish before the process ends). */
  readonly close: () => Promise<void>;
  /** Longest wait for `close`, ms (default 5 000). */
  readonly timeoutMs?: number;
  readonly log?: { warn(message: string, error?: unknown): void };
}

export function installQuitSequence(app: QuitSequenceApp, options: QuitSequenceOptions): void {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = closeWithin(options, timeoutMs).then(() => app.exit(0));
  });
}

async function closeWithin({ close, log }: QuitSequenceOptions, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') log?.warn(`the core did not close within ${timeoutMs} ms; quitting anyway`);
  } catch (error) {
    log?.warn('closing the core failed; quitting anyway', error);
  } finally {
    clearTimeout(timer);
  }
}
