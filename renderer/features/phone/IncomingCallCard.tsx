/**
 * The ringing screen for one inbound call: number and name large, the
 * centre's context headers, answer / reject. While the agent is already on
 * a call it is the call-waiting card: answering puts the current call on
 * hold first.
 */
import type { CallSnapshot } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { displayNumber } from './call-roles.js';
import { ContextFields } from './ContextFields.js';
import { useNow } from '../../app/use-now.js';

export interface IncomingCallCardProps {
  readonly call: CallSnapshot;
  /** Another call is in progress: this is call waiting. */
  readonly waiting: boolean;
  readonly onAnswer: (call: CallSnapshot) => void;
  readonly onReject: (call: CallSnapshot, code: 486 | 603) => void;
}

export function IncomingCallCard({ call, waiting, onAnswer, onReject }: IncomingCallCardProps) {
  const t = useTranslate();
  const now = useNow(250, call.autoAnswer !== null);
  const number = displayNumber(call);
  const autoIn = call.autoAnswer ? Math.max(0, Math.ceil((call.autoAnswer.at - now) / 1000)) : null;
  const titleId = `incoming-${call.id}-title`;
  return (
    <section
      className={`incoming-call${waiting ? ' incoming-waiting' : ''}`}
      data-testid="incoming-call"
      data-call-id={call.id}
      aria-labelledby={titleId}
    >
      {/* Announced by screen readers the moment the call appears. */}
      <h2 id={titleId} className="incoming-title" aria-live="assertive">
        {waiting ? t('phone.incoming.waiting') : t('phone.incoming.title')}
      </h2>
      <div className="incoming-number" data-testid="incoming-number">
        {number ?? t('phone.incoming.noNumber')}
      </div>
      {call.remoteName && (
        <div className="incoming-name" data-testid="incoming-name">
          {call.remoteName}
        </div>
      )}
      <ContextFields fields={call.context} />
      {autoIn !== null && (
        <div className="incoming-auto" data-testid="incoming-auto">
          {autoIn > 0 ? t('phone.incoming.autoAnswerIn', { seconds: autoIn }) : t('phone.incoming.autoAnswerNow')}
        </div>
      )}
      <div className="incoming-actions">
        <button type="button" className="answer" onClick={() => onAnswer(call)}>
          {waiting ? t('phone.incoming.answerAndHold') : t('phone.incoming.answer')}
        </button>
        <button type="button" className="reject" onClick={() => onReject(call, 486)}>
          {t('phone.incoming.reject')}
        </button>
        <button type="button" className="decline" onClick={() => onReject(call, 603)}>
          {t('phone.incoming.decline')}
        </button>
      </div>
    </section>
  );
}
