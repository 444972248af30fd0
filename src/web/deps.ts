/**
 * What the web layer is built from and what each route group receives. Its own
 * module so that routes never import app.ts (which imports them).
 */
import type { Services } from '../compose.ts';
import type { csrf } from './security.ts';
import type { consultantAuth } from './consultant-auth.ts';
import type { RateLimitConfig } from './rate-limits.ts';
import type { PortfolioCache } from './portfolio-cache.ts';
import type { htmlToPdf } from './pdf.ts';

/** How the web layer runs; the services come separately. */
export interface WebOptions {
  csrfSecret: string;
  secureCookies?: boolean;
  /** Chromium for PDF exports; null when there is none. */
  chromiumPath?: string | null;
  /** Makes a PDF from a page's HTML: `htmlToPdf` (web/pdf.ts) unless a test counts or replaces the renders. */
  renderPdf?: typeof htmlToPdf;
  rateLimits?: RateLimitConfig | 'off';
  /** Express's `trust proxy` (off by default: X-Forwarded-For is not believed). */
  trustProxy?: boolean | number | string;
  /** Scheme and host for absolute URLs (PUBLIC_URL); a function when the port is known only once listening. */
  publicUrl?: string | (() => string);
  /** Whether the storage can serve (database reachable, migrations applied): GET /readyz. Ready when not given. */
  readiness?: () => Promise<{ ready: true } | { ready: false; reason: string }>;
}

/** What route groups receive: the services, the web options and the shared middleware. */
export type AppDeps = Services & Omit<WebOptions, 'publicUrl'> & { publicUrl: () => string; csrf: ReturnType<typeof csrf>; auth: ReturnType<typeof consultantAuth>; portfolio: PortfolioCache };
