/**
 * A UDP SIP relay between the demo's baresip callers and Kamailio that adds
 * the centre's context headers (X-Call-Uid, X-Queue, X-IVR-Path,
 * X-Wait-Seconds, X-Caller-Area) to each caller's first INVITE — baresip
 * 1.0.0 has no command to add headers to a call, and a real centre's IVR or
 * ACD adds them on the way to the seat in just this place.
 *
 * Stateless: every packet from a caller goes to Kamailio (the initial INVITE
 * with the headers set for that caller's SIP port); every packet from
 * Kamailio goes to the caller whose Call-ID it carries. baresip uses the
 * relay as its outbound proxy.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';

export interface HeaderRelay {
  readonly port: number;
  /** Headers for the next initial INVITE sent from this caller's SIP port. */
  setHeaders(callerSipPort: number, headers: Readonly<Record<string, string>>): void;
  stop(): Promise<void>;
}

const callIdPattern = /^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)/im;

export async function startHeaderRelay(options: { port: number; kamailioPort: number }): Promise<HeaderRelay> {
  const socket = createSocket('udp4');
  const headersByPort = new Map<number, Readonly<Record<string, string>>>();
  const callerByCallId = new Map<string, RemoteInfo>();

  socket.on('message', (message, from) => {
    const text = message.toString('utf8');
    const callId = callIdPattern.exec(text)?.[1];
    if (from.port === options.kamailioPort) {
      const caller = callId ? callerByCallId.get(callId) : undefined;
      if (caller) socket.send(message, caller.port, caller.address);
      return;
    }
    if (callId) callerByCallId.set(callId, from);
    let out = message;
    const end = text.indexOf('\r\n');
    const headers = headersByPort.get(from.port);
    if (text.startsWith('INVITE ') && end > 0 && headers && !/^(?:To|t)[ \t]*:.*;tag=/im.test(text.slice(0, text.indexOf('\r\n\r\n')))) {
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      out = Buffer.from(`${text.slice(0, end + 2)}${lines}${text.slice(end + 2)}`, 'utf8');
    }
    socket.send(out, options.kamailioPort, '127.0.0.1');
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined);
  return {
    port: (socket.address()).port,
    setHeaders(callerSipPort, headers) {
      headersByPort.set(callerSipPort, headers);
    },
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
