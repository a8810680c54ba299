/**
 * Hotseat real-peer SIP test rig. See tests/rig/README.md.
 */
export { freePort, freePorts, freePortRange, isPortFree } from './ports';
export { requireBinary, sleep, waitUntil, processGroupAlive, type ManagedProcess } from './proc';
export { startRtpengine, type RtpengineHandle, type RtpengineOptions } from './rtpengine';
export {
  startKamailio,
  defaultUsers,
  RIG_DOMAIN,
  KAMAILIO_CFG_TEMPLATE,
  type KamailioHandle,
  type KamailioOptions,
  type UsrlocContact,
} from './kamailio-server';
export {
  startBaresip,
  type BaresipHandle,
  type BaresipOptions,
  type BaresipEvent,
  type BaresipEventType,
  type BaresipAnswerMode,
} from './baresip';
export { runSipp, startSipp, percentile, SIPP_SCENARIO_DIR, type SippOptions, type SippResult, type SippBackground, type SippScenario } from './sipp-runner';
export { makeToneWav, writeWav, readWav, rms, toneLevel, dominantFrequency, analyseWav, type Wav, type ToneWavOptions, type RangeOptions } from './wav';
export { startRig, type Rig, type RigOptions } from './rig';
export {
  installNodeWebSocket,
  staticSdp,
  staticSdhFactory,
  startSipJsUa,
  type SipJsUa,
  type SipJsUaOptions,
  type RegisterOutcome,
  type StaticSdh,
} from './sipjs-node';
