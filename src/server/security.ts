// What every answer carries for the browser's protection, which proxies are believed, and what never reaches the log.
import type { FastifyInstance } from 'fastify';

/**
 * The content security policy the web app, its printable reports and the API docs satisfy: scripts and
 * connections only from Trellis itself; inline styles, which the component library and reports use;
 * pictures from Trellis, data: and blob: (charts and downloads); no plugins, and no framing by other sites.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Addresses inside Trellis are not sent to other sites.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    // Sign-in answers, people and results are not for shared caches.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}

// Read with the other settings; kept here too for the security tests.
export { trustProxyFrom } from '../config';

/** An address as it may be logged: the token of a set-password link, or any `token` parameter, is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/set-password\/)[^/?#]+/, '$1[redacted]').replace(/([?&](?:token|access_token)=)[^&#]*/gi, '$1[redacted]');
}
