/**
 * The renderer's Content-Security-Policy, once for both hosts: the Electron main
 * process sends it as a header, the browser host on every response.
 * META_CSP is the policy of the meta tag in renderer/index.html (a unit test keeps them equal).
 */
export const META_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** As a header, where frame-ancestors (ignored in a meta tag) takes effect. */
export const CONTENT_SECURITY_POLICY = `${META_CSP}; frame-ancestors 'none'`;
