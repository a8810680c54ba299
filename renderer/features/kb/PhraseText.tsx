/**
 * A phrase as the agent reads it: {seatNumber}, {agentNo} and {agentName} filled from
 * the profile, other variables shown as placeholders, and a copy button.
 */
import { useTranslate } from '../../i18n/use-translate.js';
import { useSeat } from '../../store/store-context.js';
import { fillPhrase, phraseText } from './fill-phrase.js';
// the signed-in agent's number and name (renderer/features/scripts)
import { phraseValues } from '../scripts/phrase-variables.js';

export function PhraseText({ text, onCopy }: { text: string; onCopy?(text: string): void }) {
  const t = useTranslate();
  const agent = useSeat((s) => s.shift?.agent ?? null);
  const seat = useSeat((s) => s.profile?.agentNumber ?? '');
  const { agentNo = '', agentName = '', seatNumber = '' } = phraseValues({ agent, seatNumber: seat, language: 'zh-CN' }, null, new Date());
  const segments = fillPhrase(text, { seatNumber, agentNo, agentName });
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
