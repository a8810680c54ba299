/**
 * Browser mode keeps the seat up when the core dies: an exception nothing
 * caught (a SIP.js timer, a library callback) ends the core, not the host.
 * The host closes the broken core as best it can, starts a fresh one on the
 * same data folder, and closes the pages' WebSockets with 1012 ("service
 * restart") so each page reconnects — same port, same token — and reloads
 * its state from the new core, which registers again by itself.
 *
 * A core that keeps dying is not restarted forever: more than `maxRestarts`
 * within `windowMs` and the host gives up (exit 1), so a service manager or
 * the agent sees it, instead of a seat that flaps silently.
 *
 * ```
 *  running ──crash──▶ restarting ──new core up──▶ running
 *                          │ too many in the window
 *                          ▼
 *                       given up (the host exits 1)
 * ```
 */
import { createLogger, type Core } from '../core/index.js';

const log = createLogger('web-host');

export interface CoreSupervisorOptions {
  /** Builds a core on the host's data folder. */
  readonly create: () => Core;
  readonly maxRestarts?: number;
  readonly windowMs?: number;
  /** How long closing the broken core may take before it is abandoned. */
  readonly closeTimeoutMs?: number;
}

export interface CoreSupervisor {
  /** The core running now. */
  current(): Core;
  /** Replaces the core; false when the restart budget is spent (the caller should exit). */
  restart(reason: string): Promise<boolean>;
  /** Called after each replacement (the bridge closes its clients so they reconnect). */
  onRestarted(listener: (restarts: number) => void): void;
  restarts(): number;
  close(): Promise<void>;
}

export function superviseCore(options: CoreSupervisorOptions): CoreSupervisor {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 3000;
  let core = options.create();
  let restarting: Promise<boolean> | null = null;
  let total = 0;
  let closed = false;
  const recent: number[] = [];
  const listeners: Array<(restarts: number) => void> = [];

  const closeQuietly = async (old: Core) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`the old core did not close within ${closeTimeoutMs} ms; abandoning it`);
        resolve();
      }, closeTimeoutMs);
    });
    try {
      await Promise.race([old.close(), timeout]);
    } catch (error) {
      log.warn('closing the old core failed', error);
    } finally {
      clearTimeout(timer);
    }
  };

  const replace = async (reason: string): Promise<boolean> => {
    const now = Date.now();
    while (recent.length > 0 && recent[0]! < now - windowMs) recent.shift();
    if (recent.length >= maxRestarts) {
      log.error(`the core failed ${recent.length + 1} times within ${windowMs / 1000} s (${reason}); giving up`);
      return false;
    }
    recent.push(now);
    log.error(`the core failed (${reason}); restarting it`);
    await closeQuietly(core);
    if (closed) return true;
    try {
      core = options.create();
    } catch (error) {
      log.error('could not start a new core; giving up', error);
      return false;
    }
    total++;
    log.warn(`core restarted (${total} since the host started); pages reconnect by themselves`);
    for (const listener of listeners) {
      try {
        listener(total);
      } catch (error) {
        log.warn('a restart listener failed', error);
      }
    }
    return true;
  };

  return {
    current: () => core,
    restart(reason) {
      if (closed) return Promise.resolve(true);
      restarting ??= replace(reason).finally(() => {
        restarting = null;
      });
      return restarting;
    },
    onRestarted(listener) {
      listeners.push(listener);
    },
    restarts: () => total,
    async close() {
      closed = true;
      if (restarting) await restarting.catch(() => false);
      await core.close();
    },
  };
}

/** A Core that always forwards to the supervisor's current one. */
export function currentCoreView(supervisor: CoreSupervisor): Core {
  return new Proxy({} as Core, {
    get: (_target, property) => {
      const core = supervisor.current();
      const value: unknown = Reflect.get(core, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(core) : value;
    },
  });
}
