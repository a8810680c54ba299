/**
 * The open item: an article (sanitized body, tags, summary), a phrase (its
 * text with the seat's number and the agent's name filled in), or a contact
 * (number, hours, what it handles). Esc or the back button returns to the
 * results with the focus in the search box.
 */
import { useEffect, useRef } from 'react';
import type { KbContactView, KbPhraseView } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import type { KbOpenItem } from '../../store/slices/kb-slice.js';
import { ArticleBody } from './ArticleBody.js';
import { PhraseText } from './PhraseText.js';

export interface KbItemViewProps {
  readonly item: KbOpenItem;
  onClose(): void;
  onCopy(text: string, what: string): void;
  onLink(href: string): void;
}

export function KbItemView({ item, onClose, onCopy, onLink }: KbItemViewProps) {
  const t = useTranslate();
  const ref = useRef<HTMLElement>(null);
  // Take the focus so Esc and F4 work without a click first.
  useEffect(() => ref.current?.focus(), [item]);
  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={`kb-item kb-item-${item.kind}`}
      data-testid="kb-item"
      aria-label={t(`kb.kind.${item.kind}`)}
    >
      <div className="kb-item-bar">
        <button type="button" onClick={onClose} data-testid="kb-back">
          {t('kb.back')}
        </button>
        <span className="kb-kind">{t(`kb.kind.${item.kind}`)}</span>
      </div>
      {item.kind === 'article' && (
        <>
          <h2 data-testid="kb-item-title">{item.article.title}</h2>
          <p className="kb-meta">
            {item.article.category}
            {item.article.tags.length > 0 && ` · ${item.article.tags.join('、')}`}
          </p>
          {item.article.summary !== '' && <p className="kb-summary">{item.article.summary}</p>}
          <ArticleBody html={item.article.bodyHtml} onLink={onLink} />
        </>
      )}
      {item.kind === 'phrase' && <PhraseDetail phrase={item.phrase} onCopy={onCopy} />}
      {item.kind === 'contact' && <ContactDetail contact={item.contact} onCopy={onCopy} />}
    </article>
  );
}

function PhraseDetail({ phrase, onCopy }: { phrase: KbPhraseView; onCopy(text: string, what: string): void }) {
  const t = useTranslate();
  return (
    <>
      <h2 data-testid="kb-item-title">
        {phrase.title}
        {phrase.mandatory && <span className="kb-mandatory">{t('kb.mandatory')}</span>}
      </h2>
      <p className="kb-meta">
        {t(`kb.phase.${phrase.phase}`)} · {phrase.category}
      </p>
      <PhraseText text={phrase.text} onCopy={(text) => onCopy(text, phrase.title)} />
    </>
  );
}

function ContactDetail({ contact, onCopy }: { contact: KbContactView; onCopy(text: string, what: string): void }) {
  const t = useTranslate();
  return (
    <>
      <h2 data-testid="kb-item-title">{contact.name}</h2>
      <p className="kb-number">
        <span data-testid="kb-contact-number">{contact.number}</span>
        <button type="button" onClick={() => onCopy(contact.number, contact.name)} title={t('kb.copyNumber.title')}>
          {t('kb.copyNumber')}
        </button>
      </p>
      <dl className="kb-contact-facts">
        {contact.hours !== '' && (
          <>
            <dt>{t('kb.contact.hours')}</dt>
            <dd>{contact.hours}</dd>
          </>
        )}
        {contact.handles !== '' && (
          <>
            <dt>{t('kb.contact.handles')}</dt>
            <dd>{contact.handles}</dd>
          </>
        )}
        {contact.area !== '' && (
          <>
            <dt>{t('kb.contact.area')}</dt>
            <dd>{contact.area}</dd>
          </>
        )}
      </dl>
    </>
  );
}
