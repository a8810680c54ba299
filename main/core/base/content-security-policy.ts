/**
 * The renderer's Content-Security-Policy, sent by both hosts (the Electron
 * app:// protocol and the browser-mode HTTP server) and repeated in
 * renderer/index.html. The page may load only its own files and talk only
 * to its own origin (which includes the browser-mode WebSocket).
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
