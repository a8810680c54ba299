/**
 * The far end of a call in the in-memory SIP layer: a plain SIP.js
 * UserAgent (the caller, the callee, a transfer target) on the hub, with a
 * static SDP handler and every incoming INVITE collected.
 */
import { Inviter, SIPExtension, UserAgent, type Invitation, type Session } from 'sip.js';
import { staticSdhFactory } from '../../../rig/sipjs-node.js';
import type { MemorySipHub } from './memory-transport.js';

export interface FarEnd {
  readonly ua: UserAgent;
  readonly name: string;
  readonly sdh: ReturnType<typeof staticSdhFactory>;
  readonly invitations: Invitation[];
  /** Next INVITE not yet taken (waits for it). */
  nextInvite(): Promise<Invitation>;
  /** An INVITE to `target` (a SIP URI); not yet sent. */
  inviter(target: string, extraHeaders?: string[]): Inviter;
  stop(): Promise<void>;
}

export async function startFarEnd(hub: MemorySipHub, name: string, onInvite?: (invitation: Invitation) => void): Promise<FarEnd> {
  const sdh = staticSdhFactory();
  const invitations: Invitation[] = [];
  const waiters: Array<(invitation: Invitation) => void> = [];
  let taken = 0;
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${name}@sip.test`)!,
    transportConstructor: hub.transportClass(),
    transportOptions: { servers: [`mem://${name}`] },
    sessionDescriptionHandlerFactory: sdh,
    sipExtensionReplaces: SIPExtension.Supported,
    logBuiltinEnabled: false,
    logLevel: 'error',
    delegate: {
      onInvite: (invitation) => {
        invitations.push(invitation);
        onInvite?.(invitation);
        const waiter = waiters.shift();
        if (waiter) {
          taken++;
          waiter(invitation);
        }
      },
    },
  });
  await ua.start();
  return {
    ua,
    name,
    sdh,
    invitations,
    nextInvite: () =>
      new Promise<Invitation>((resolve) => {
        if (taken < invitations.length) resolve(invitations[taken++]!);
        else waiters.push(resolve);
      }),
    inviter: (target, extraHeaders = []) => new Inviter(ua, UserAgent.makeURI(target)!, { extraHeaders }),
    stop: () => ua.stop(),
  };
}

/** Resolves when the session reaches `state`. */
export function sessionState(session: Session, state: Session['state']): Promise<void> {
  return new Promise((resolve) => {
    if (session.state === state) return resolve();
    const listener = (next: Session['state']) => {
      if (next !== state) return;
      session.stateChange.removeListener(listener);
      resolve();
    };
    session.stateChange.addListener(listener);
  });
}
