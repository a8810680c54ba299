/**
 * The renderer's own wall behind the core's sanitizer: article HTML is
 * parsed in an inert document (DOMParser runs no script and loads nothing)
 * and only the allow-listed elements and attributes are kept, so even a
 * cache written by an older or broken core cannot put script, event
 * handlers, styles or remote loads on screen.
 */

const allowedElements = new Set([
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'BR', 'HR', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'B', 'I', 'DEL',
  'CODE', 'PRE', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TH', 'TD', 'CAPTION', 'A',
]);
const droppedWithContent = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'NOSCRIPT', 'TEXTAREA', 'SELECT', 'TITLE']);
const safeHref = /^(?:https?:\/\/|tel:|mailto:)/i;

export function cleanArticleHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}

function clean(parent: Element): void {
  for (const child of [...parent.childNodes]) {
    if (child.nodeType === 3) continue; // text
    if (child.nodeType !== 1) {
      child.remove(); // comments, processing instructions
      continue;
    }
    const el = child as Element;
    const tag = el.tagName.toUpperCase();
    if (droppedWithContent.has(tag)) {
      el.remove();
      continue;
    }
    clean(el);
    if (!allowedElements.has(tag)) {
      el.replaceWith(...el.childNodes); // keep the text of unknown wrappers
      continue;
    }
    for (const attr of [...el.attributes]) {
      const keep = tag === 'A' && (attr.name === 'href' ? safeHref.test(attr.value.trim()) : attr.name === 'rel');
      if (!keep) el.removeAttribute(attr.name);
    }
    if (tag === 'A') el.setAttribute('rel', 'noopener noreferrer');
  }
}
