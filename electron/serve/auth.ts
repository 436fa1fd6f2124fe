import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE } from '../../shared/wire';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The cookie's name for the host on `port`. Browsers keep cookies per host
 * name, not per port: two hosts on 127.0.0.1 with one name would overwrite
 * each other's token and log each other out.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

export function cookieToken(req: IncomingMessage, port: number): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const wanted = tokenCookieName(port);
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === wanted) return rest.join('=');
  }
  return null;
}

export function queryToken(url: URL): string | null {
  return url.searchParams.get('token');
}

/** A request is authorised by the token in its query (first load) or by the cookie set then. */
export function isAuthorised(req: IncomingMessage, url: URL, token: string, port: number): boolean {
  const fromQuery = queryToken(url);
  if (fromQuery !== null && sameSecret(fromQuery, token)) return true;
  const fromCookie = cookieToken(req, port);
  return fromCookie !== null && sameSecret(fromCookie, token);
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * DNS-rebinding guard: the Host must be the loopback address and port we
 * serve, and an Origin, when sent, must be exactly our origin.
 */
export function isSameHost(req: IncomingMessage, origin: string): boolean {
  const expectedHost = new URL(origin).host;
  if (req.headers.host !== expectedHost) return false;
  const sentOrigin = req.headers.origin;
  return sentOrigin === undefined || sentOrigin === origin;
}
