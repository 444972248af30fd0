/**
 * The address the app is reached at, for every absolute URL it prints (share
 * and invitation links). It comes from PUBLIC_URL, never from the request's
 * Host header, which any client can set. Behind a proxy (TRUST_PROXY set) it is
 * required; without one it defaults to http://localhost:<port>.
 */
export function publicUrlFromEnv(env: Record<string, string | undefined>): string | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) {
    if (env.TRUST_PROXY && env.TRUST_PROXY !== 'false') {
      throw new Error('PUBLIC_URL is required behind a proxy (TRUST_PROXY is set): set it to the address people open, e.g. PUBLIC_URL=https://audit.example.org');
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http or https address like https://audit.example.org; got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`PUBLIC_URL must be a scheme and host only (no path, query or login), like https://audit.example.org; got "${raw}"`);
  }
  return url.origin;
}
