/**
 * What the panel shows before anything is typed: the articles this seat
 * opened last (persisted in the seat database) and the standard phrases of
 * a call phase, filled in for this agent.
 */
import type { KbPhraseView, KbRecentArticle, PhrasePhase } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { phrasePhases } from '../../../main/contract/constants.js';
import { PhraseText } from './PhraseText.js';

export interface KbHomeProps {
  readonly recent: readonly KbRecentArticle[];
  readonly phrases: readonly KbPhraseView[];
  readonly phase: PhrasePhase | null;
  onPhase(phase: PhrasePhase | null): void;
  onOpenArticle(id: string): void;
  onCopy(text: string, what: string): void;
}

export function KbHome({ recent, phrases, phase, onPhase, onOpenArticle, onCopy }: KbHomeProps) {
  const t = useTranslate();
  const shown = phrases.filter((p) => phase === null || p.phase === phase);
  return (
    <div className="kb-home">
      <section aria-label={t('kb.recent')}>
        <h3>{t('kb.recent')}</h3>
        {recent.length === 0 ? (
          <p className="kb-empty">{t('kb.recent.none')}</p>
        ) : (
          <ul className="kb-recent" data-testid="kb-recent">
            {recent.map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => onOpenArticle(r.id)}>
                  {r.title}
                </button>
                {r.category !== '' && <span className="kb-category">{r.category}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('kb.phrases')}>
        <h3>
          {t('kb.phrases')}
          <select
            aria-label={t('kb.phase.filter')}
            value={phase ?? ''}
            onChange={(e) => onPhase(e.target.value === '' ? null : (e.target.value as PhrasePhase))}
          >
            <option value="">{t('kb.phase.all')}</option>
            {phrasePhases.map((p) => (
              <option key={p} value={p}>
                {t(`kb.phase.${p}`)}
              </option>
            ))}
          </select>
        </h3>
        <ul className="kb-phrases" data-testid="kb-phrases">
          {shown.map((p) => (
            <li key={p.id}>
              <span className="kb-phrase-title">
                {p.title}
                {p.mandatory && <span className="kb-mandatory">{t('kb.mandatory')}</span>}
              </span>
              <PhraseText text={p.text} onCopy={(text) => onCopy(text, p.title)} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
