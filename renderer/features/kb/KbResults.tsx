/**
 * The hit list under the search box: a listbox whose highlighted option the
 * arrow keys move (the focus stays in the search box, aria-activedescendant
 * tells assistive tech). Titles and snippets show the core's highlights.
 */
import { useEffect, useRef } from 'react';
import type { KbSearchHit } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { MarkedText } from './marked-text.js';

export interface KbResultsProps {
  readonly hits: readonly KbSearchHit[];
  readonly selected: number;
  onOpen(hit: KbSearchHit): void;
  onHover(index: number): void;
  onCopyNumber(hit: KbSearchHit): void;
}

export const resultOptionId = (index: number): string => `kb-hit-${index}`;

export function KbResults({ hits, selected, onOpen, onHover, onCopyNumber }: KbResultsProps) {
  const t = useTranslate();
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const option = list.current?.children[selected] as HTMLElement | undefined;
    option?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <ul ref={list} className="kb-results" role="listbox" id="kb-results" aria-label={t('kb.results')} data-testid="kb-results">
      {hits.map((hit, i) => (
        <li
          key={`${hit.kind}:${hit.id}`}
          id={resultOptionId(i)}
          role="option"
          aria-selected={i === selected}
          className={`kb-hit kb-hit-${hit.kind}`}
          data-testid="kb-hit"
          onMouseDown={(e) => e.preventDefault() /* keep the focus in the search box */}
          onMouseEnter={() => onHover(i)}
          onClick={() => onOpen(hit)}
        >
          <div className="kb-hit-head">
            <span className="kb-kind">{t(`kb.kind.${hit.kind}`)}</span>
            <span className="kb-hit-title">
              <MarkedText html={hit.titleHtml} />
            </span>
            {hit.kind === 'contact' && hit.number !== undefined && (
              <button
                type="button"
                className="kb-hit-number"
                title={t('kb.copyNumber.title')}
                onClick={(e) => {
                  e.stopPropagation();
                  onCopyNumber(hit);
                }}
              >
                {hit.number}
              </button>
            )}
            {hit.kind === 'phrase' && hit.phase !== undefined && <span className="kb-phase">{t(`kb.phase.${hit.phase}`)}</span>}
            {hit.category !== '' && <span className="kb-category">{hit.category}</span>}
          </div>
          <div className="kb-snippet">
            <MarkedText html={hit.snippetHtml} />
          </div>
        </li>
      ))}
    </ul>
  );
}
