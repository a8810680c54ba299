/**
 * Which phrases the panel shows first as the call moves on: greeting while
 * it rings and just after the answer, the survey invitation while the survey
 * runs, closing in wrap-up. The groups follow
 * the order a call takes; the other phases of the KB come after.
 */
import type { AgentStateName, CallSnapshot, PhrasePhase } from '../../../main/contract/index.js';
import { phrasePhases } from '../../../main/contract/constants.js';

export const scriptPhaseOrder: readonly PhrasePhase[] = [
  'greeting',
  'comfort',
  'clarify',
  'referral',
  'refusal',
  'closing',
  'survey',
  ...phrasePhases.filter((p) => !['greeting', 'comfort', 'clarify', 'referral', 'refusal', 'closing', 'survey'].includes(p)),
];

/** The phase the call is in, for the panel to open at; null when there is no call to follow. */
export function phaseOfCall(call: CallSnapshot | null, agentState: AgentStateName): PhrasePhase | null {
  if (agentState === 'wrap-up') return 'closing';
  if (!call) return null;
  // Past the agent's part of the call: the survey invitation, then the closing.
  if (call.phase === 'survey') return 'survey';
  if (call.phase === 'wrap-up' || call.phase === 'closed') return 'closing';
  switch (call.state) {
    case 'ringing':
    case 'answering':
    case 'dialing':
    case 'alerting':
      return 'greeting';
    case 'active':
      return 'greeting';
    case 'ended':
      return 'closing';
  }
}

/** The call the scripts follow: the first live call, else the one that just ended. */
export function followedCall(calls: readonly CallSnapshot[], ended: readonly CallSnapshot[]): CallSnapshot | null {
  return calls.find((c) => c.state !== 'ended' && !c.held) ?? calls.find((c) => c.state !== 'ended') ?? ended[0] ?? null;
}
