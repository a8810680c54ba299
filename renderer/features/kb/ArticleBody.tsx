/**
 * An article's body: the core's sanitized HTML, cleaned once more by the
 * renderer's own allow-list, shown inert. Links never navigate the app:
 * every click on one is stopped; a tel: link copies the number, any other
 * link copies its address and says it was not opened.
 */
import { useMemo, type MouseEvent } from 'react';
import { cleanArticleHtml } from './clean-article-html.js';

export interface ArticleBodyProps {
  readonly html: string;
  onLink(href: string): void;
}

export function ArticleBody({ html, onLink }: ArticleBodyProps) {
  const clean = useMemo(() => cleanArticleHtml(html), [html]);
  const intercept = (event: MouseEvent<HTMLDivElement>) => {
    const link = (event.target as Element).closest?.('a');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'click') onLink(link.getAttribute('href') ?? '');
  };
  return (
    <div
      className="kb-article-body"
      data-testid="kb-article-body"
      onClick={intercept}
      onAuxClick={intercept}
      // Sanitized by the core at ingest and again by cleanArticleHtml above.
      dangerouslySetInnerHTML={{ __html: clean }}
    />
  );
}
