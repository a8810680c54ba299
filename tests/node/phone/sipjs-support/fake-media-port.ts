/**
 * A media engine stand-in for the seat's real RemoteSessionDescriptionHandler:
 * answers each media request at once with a static SDP and remembers it.
 */
import type { MediaMethod, MediaMethods } from '../../../../main/contract/index.js';
import type { MediaPort } from '../../../../main/core/phone/media-broker.js';
import { staticSdp } from '../../../rig/sipjs-node.js';

export interface FakeMediaPort extends MediaPort {
  readonly requests: Array<{ method: MediaMethod; params: Record<string, unknown> }>;
  /** Make requests of this method fail (media engine error). */
  failing: MediaMethod | null;
  attached: boolean;
}

export function fakeMediaPort(): FakeMediaPort {
  const port: FakeMediaPort = {
    requests: [],
    failing: null,
    attached: true,
    available: () => port.attached,
    async request<M extends MediaMethod>(method: M, params: MediaMethods[M]['params']): Promise<MediaMethods[M]['result']> {
      port.requests.push({ method, params: params as Record<string, unknown> });
      await Promise.resolve();
      if (!port.attached) throw new Error('no media engine');
      if (port.failing === method) throw new Error(`${method} failed in the media engine`);
      const results: { [K in MediaMethod]?: MediaMethods[K]['result'] } = {
        createSession: null,
        getDescription: { body: staticSdp({ port: 41000 }), contentType: 'application/sdp' },
        setDescription: null,
        rollbackDescription: null,
        sendDtmf: true,
        setMuted: null,
        closeSession: null,
      };
      return (results[method] ?? null) as MediaMethods[M]['result'];
    },
  };
  return port;
}
