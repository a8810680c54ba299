/**
 * Free ports on 127.0.0.1 (free for both UDP and TCP). Ports handed out by
 * this process are remembered and never handed out twice.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const handedOut = new Set<number>();

function tcpFree(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const addr = srv.address();
      const p = typeof addr === 'object' && addr ? addr.port : null;
      srv.close(() => resolve(p));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket({ type: 'udp4', reuseAddr: false });
    s.once('error', () => {
      try {
        s.close();
      } catch {
        /* ignore */
      }
      resolve(false);
    });
    s.bind({ port, address: '127.0.0.1', exclusive: true }, () => {
      s.close(() => resolve(true));
    });
  });
}

/** True if `port` can be bound on 127.0.0.1 for TCP and UDP right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await tcpFree(port)) !== null && (await udpFree(port));
}

/** One port free for TCP and UDP on 127.0.0.1. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = await tcpFree(0);
    if (p === null || handedOut.has(p)) continue;
    if (!(await udpFree(p))) continue;
    handedOut.add(p);
    return p;
  }
  throw new Error('test rig: could not find a free port on 127.0.0.1');
}

/** `n` distinct free ports (not necessarily consecutive). */
export async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await freePort());
  return out;
}

/**
 * `count` consecutive free ports (UDP+TCP) starting at an even port, chosen at
 * random inside [lo, hi). Used for media port ranges and for baresip, which
 * binds SIP/TLS on sip_listen port + 1.
 */
export async function freePortRange(count: number, lo = 20000, hi = 60000): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    let base = lo + Math.floor(Math.random() * (hi - lo - count));
    base -= base % 2;
    let ok = true;
    for (let p = base; p < base + count; p++) {
      if (handedOut.has(p) || !(await isPortFree(p))) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (let p = base; p < base + count; p++) handedOut.add(p);
    return base;
  }
  throw new Error(`test rig: could not find ${count} consecutive free ports on 127.0.0.1`);
}

/** Forget a port (so a later freePort() may return it again). */
export function releasePort(port: number): void {
  handedOut.delete(port);
}
