/**
 * Article bodies are rendered and sanitized once, at ingest, so the renderer
 * only ever receives HTML from this allow-list:
 *
 *   headings, p, br, hr, ul/ol/li, strong/em/b/i/del, code/pre, blockquote,
 *   tables, and `a` with an http(s):, tel: or mailto: href (rel="noopener
 *   noreferrer"). No img (no remote loads), no script/style/iframe/object/svg,
 *   no event-handler or style attributes, no classes or ids.
 *
 * The renderer still treats it as untrusted (it intercepts link clicks); this
 * is the first of two walls, not the only one.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const allowedTags = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'p', 'br', 'hr',
  'ul', 'ol', 'li',
  'strong', 'em', 'b', 'i', 'del',
  'code', 'pre', 'blockquote',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'a',
];

/** Tags whose whole content is dropped, not just the tag (their text is code or markup, not prose). */
const droppedWithContent = [
  'script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math',
  'template', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'select', 'head', 'frameset', 'applet',
];

const safeHref = /^(?:https?:\/\/[^\s]+|tel:[0-9+\-() ]+|mailto:[^\s]+)$/i;

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'tel', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: 'discard',
  nonTextTags: droppedWithContent,
  // Every link gets rel=noopener; a link whose target is not an absolute
  // http(s)/tel/mailto URL loses its href (relative links would resolve
  // against the app itself).
  transformTags: {
    a: (tagName, attribs) => {
      const href = (attribs.href ?? '').trim();
      const rel = 'noopener noreferrer';
      const safe: sanitizeHtml.Attributes = safeHref.test(href) ? { href, rel } : { rel };
      return { tagName, attribs: safe };
    },
  },
};

// One Marked instance with our settings (no global state shared with others).
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Sanitizes HTML from the feed (or from rendered Markdown) to the allow-list. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}

/** Markdown (or HTML) body → sanitized HTML. */
export function renderArticleBody(body: string, format: 'markdown' | 'html'): string {
  if (format === 'html') return sanitizeArticleHtml(body);
  const html = marked.parse(body, { async: false });
  return sanitizeArticleHtml(html);
}

const blockBoundary = /<\/?(?:h[1-6]|p|br|hr|ul|ol|li|pre|blockquote|table|thead|tbody|tfoot|tr|th|td|caption)\b[^>]*>/gi;
const anyTag = /<[^>]*>/g;
const entity = /&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp|#39);/gi;

/**
 * Plain text of sanitized HTML, for the index and for snippets: block
 * boundaries become line breaks, tags go, entities are decoded, blank runs
 * collapse. Only valid on our sanitizer's output (well-formed, escaped).
 */
export function htmlToPlainText(sanitized: string): string {
  return sanitized
    .replace(blockBoundary, '\n')
    .replace(anyTag, '')
    .replace(entity, (_, name: string) => decodeEntity(name))
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

function decodeEntity(name: string): string {
  const lower = name.toLowerCase();
  switch (lower) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
    case '#39':
      return "'";
    case 'nbsp':
      return ' ';
    default: {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
  }
}
