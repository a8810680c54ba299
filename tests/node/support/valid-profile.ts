import type { ProfileInput } from '../../../main/contract/index.js';

/** A complete, valid profile for tests to start from. */
export const validProfile: ProfileInput = {
  agentNumber: '1007',
  sipServers: ['ws://127.0.0.1:5066/ws', 'wss://backup.sip.test:7443/ws'],
  sipUri: 'sip:1007@sip.test',
  authUser: '',
  registerExpires: 300,
  kbSourceUrl: 'http://127.0.0.1:8080/kb',
  kbPublicKey: '',
  recordsUploadUrl: '',
  surveyMode: 'in-call',
  surveyIvrUri: '',
  autoAnswer: 'never',
  wrapUpSeconds: 30,
  notReadyRejectCode: 486,
  dtmfMode: 'rfc4733',
  iceServers: [],
  iceGatheringTimeoutMs: 1000,
  contextHeaders: ['X-Call-Uid', 'X-Queue'],
  microphoneId: '',
  speakerId: '',
  ringDeviceId: '',
  language: 'zh-CN',
  shortcuts: { answer: 'F5', hangup: 'F6', hold: 'F7', mute: 'F8', transfer: 'F9' },
  globalShortcuts: false,
};
