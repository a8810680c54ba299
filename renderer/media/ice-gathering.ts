/**
 * Waits for ICE gathering on a peer connection, but never longer than the
 * profile's timeout: on a LAN the host candidates arrive within a few ms and
 * "complete" follows, while an unreachable STUN/TURN server would otherwise
 * hold the SDP (and the caller's 200 OK) for many seconds. Whatever
 * candidates exist when the timeout passes go into the description.
 */

/** Resolves `true` when gathering completed, `false` when the timeout passed first. */
export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<boolean> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (completed: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve(completed);
    };
    const onState = () => {
      if (pc.iceGatheringState === 'complete') finish(true);
    };
    // A null candidate is the end-of-candidates signal; some engines send it
    // before (or instead of) the state change.
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (event.candidate === null) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}
