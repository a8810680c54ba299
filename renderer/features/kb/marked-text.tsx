/**
 * Renders the core's highlighted text (`titleHtml`, `snippetHtml`: escaped
 * text with `<mark>` around matches) as React elements, never as HTML: only
 * `<mark>` becomes an element, everything else is decoded back to text.
 */
import { Fragment, type ReactNode } from 'react';

const entity = /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi;

function decode(text: string): string {
  return text.replace(entity, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

export function MarkedText({ html }: { html: string }): ReactNode {
  const parts = html.split(/(<mark>[\s\S]*?<\/mark>)/);
  return parts.map((part, i) =>
    part.startsWith('<mark>') ? <mark key={i}>{decode(part.slice(6, -7))}</mark> : <Fragment key={i}>{decode(part.replace(/<[^>]*>/g, ''))}</Fragment>,
  );
}
