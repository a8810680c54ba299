/**
 * The hit list under the search box: a listbox whose highlighted option the
 * arrow keys move (the focus stays in the search box, aria-activedescendant
 * tells assistive tech). Titles and snippets show the core's highlights.
 *
 * Hits come grouped by kind (articles, phrases, numbers — the best group
 * first, see core/kb/search-kb.ts); with more than one group each gets a
 * heading, so an article is never lost under short phrase and contact
 * titles. A hit found other than by its exact text says how (同义词, 拼音,
 * 分开的词, 部分词). The arrow keys still walk one flat list across groups.
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

/** Consecutive hits of one kind (the core returns them grouped, best group first). */
interface HitGroup {
  readonly kind: KbSearchHit['kind'];
  readonly start: number;
  readonly hits: readonly KbSearchHit[];
}

function groupByKind(hits: readonly KbSearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  hits.forEach((hit, i) => {
    const last = groups[groups.length - 1];
    if (last && last.kind === hit.kind) (last.hits as KbSearchHit[]).push(hit);
    else groups.push({ kind: hit.kind, start: i, hits: [hit] });
  });
  return groups;
}

export function KbResults({ hits, selected, onOpen, onHover, onCopyNumber }: KbResultsProps) {
  const t = useTranslate();
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const option = list.current?.querySelector(`#${resultOptionId(selected)}`) as HTMLElement | null | undefined;
    option?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const groups = groupByKind(hits);
  const headed = groups.length > 1;
  return (
    <ul ref={list} className="kb-results" role="listbox" id="kb-results" aria-label={t('kb.results')} data-testid="kb-results">
      {groups.map((group) => (
        <li key={`${group.kind}:${group.start}`} role="group" aria-label={t(`kb.kind.${group.kind}`)} className="kb-group" data-testid="kb-group">
          {headed && (
            <div className="kb-group-head" aria-hidden="true">
              {t(`kb.kind.${group.kind}`)} · {group.hits.length}
            </div>
          )}
          <ul role="none" className="kb-group-hits">
            {group.hits.map((hit, k) => {
              const i = group.start + k;
              return (
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
                    {hit.match !== 'exact' && (
                      <span className="kb-match" data-testid="kb-match" title={t(`kb.match.${hit.match}.title`)}>
                        {t(`kb.match.${hit.match}`)}
                      </span>
                    )}
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
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}
