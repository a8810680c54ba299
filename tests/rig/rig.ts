/**
 * startRig(): rtpengine + Kamailio wired together, stopped in reverse order.
 */
import { startKamailio, type KamailioHandle, type KamailioOptions } from './kamailio-server';
import { startRtpengine, type RtpengineHandle, type RtpengineOptions } from './rtpengine';

export interface RigOptions {
  /** Options for Kamailio (rtpengineSock is filled in). */
  kamailio?: Omit<KamailioOptions, 'rtpengineSock'>;
  /** Options for rtpengine, or false to run without a media relay (signalling-only tests). */
  rtpengine?: RtpengineOptions | false;
}

export interface Rig {
  readonly kamailio: KamailioHandle;
  /** undefined when started with rtpengine: false. */
  readonly rtpengine: RtpengineHandle | undefined;
  /** Register a cleanup (UA, baresip, sipp...) to run first on stop(), in reverse order. */
  defer(fn: () => Promise<unknown> | unknown): void;
  /** Runs deferred cleanups (reverse order), then stops Kamailio, then rtpengine; removes temp dirs. */
  stop(): Promise<void>;
  /** ms: rtpengine ready, Kamailio ready. */
  readonly timings: { rtpengineStartMs: number; kamailioStartMs: number };
}

export async function startRig(opts: RigOptions = {}): Promise<Rig> {
  const rtpengine = opts.rtpengine === false ? undefined : await startRtpengine(opts.rtpengine ?? {});
  let kamailio: KamailioHandle;
  try {
    kamailio = await startKamailio({ ...(opts.kamailio ?? {}), ...(rtpengine ? { rtpengineSock: rtpengine.sock } : {}) });
  } catch (e) {
    await rtpengine?.stop();
    throw e;
  }
  const deferred: Array<() => Promise<unknown> | unknown> = [];
  let stopped = false;
  return {
    kamailio,
    rtpengine,
    defer: (fn) => void deferred.push(fn),
    async stop() {
      if (stopped) return;
      stopped = true;
      const errors: unknown[] = [];
      for (const fn of deferred.reverse()) {
        try {
          await fn();
        } catch (e) {
          errors.push(e);
        }
      }
      await kamailio.stop().catch((e: unknown) => errors.push(e));
      await rtpengine?.stop().catch((e: unknown) => errors.push(e));
      if (errors.length) throw new AggregateError(errors, 'rig stop: some cleanups failed');
    },
    timings: { rtpengineStartMs: rtpengine?.startMs ?? 0, kamailioStartMs: kamailio.startMs },
  };
}
