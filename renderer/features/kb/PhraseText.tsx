/**
 * A phrase as the agent reads it: {seatNumber} and {agentName} filled from
 * the profile, other variables shown as placeholders, and a copy button.
 */
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { fillPhrase, phraseText } from './fill-phrase.js';

export function PhraseText({ text, onCopy }: { text: string; onCopy?(text: string): void }) {
  const t = useTranslate();
  const seatNumber = useSeat((s) => s.profile?.agentNumber ?? '');
  const agentName = useSeat((s) => s.profile?.agentName ?? '');
  const segments = fillPhrase(text, { seatNumber, agentName });
  return (
    <p className="kb-phrase-text">
      <span data-testid="kb-phrase-text">
        {segments.map((s, i) =>
          s.variable === null ? (
            <span key={i}>{s.text}</span>
          ) : (
            <span key={i} className="kb-var" title={t('kb.variable.title')}>
              {s.text}
            </span>
          ),
        )}
      </span>
      {onCopy && (
        <button type="button" className="kb-copy" onClick={() => onCopy(phraseText(segments))}>
          {t('kb.copy')}
        </button>
      )}
    </p>
  );
}
