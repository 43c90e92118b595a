import { DigestError, type DigestErrorCode } from '../errors.ts';

/**
 * Why a platform connection failed, finer than the DigestError code it maps to:
 * - `token_rejected`: the platform refused the credential; retrying cannot help, the user must fix the variable (exit 2).
 * - `unreachable`: no answer (DNS, refused, reset, timeout); retried with backoff.
 * - `server_error`: the platform answered 5xx; retried with backoff.
 * - `rate_limited`: the platform answered 429; retried after its Retry-After (or the backoff, whichever is longer).
 * - `refused`: any other refusal (a wrong token type, an app not set up for this mode); retrying cannot help.
 */
export type PlatformErrorKind = 'token_rejected' | 'unreachable' | 'server_error' | 'rate_limited' | 'refused';

const RETRYABLE: ReadonlySet<PlatformErrorKind> = new Set(['unreachable', 'server_error', 'rate_limited']);

const CODE_OF: Record<PlatformErrorKind, DigestErrorCode> = {
  token_rejected: 'platform-token-rejected',
  refused: 'platform-refused',
  unreachable: 'platform-unavailable',
  server_error: 'platform-unavailable',
  rate_limited: 'platform-unavailable',
};

/** A failure to connect to Discord or Slack, with the variable to fix (when one is at fault) and how. */
export class PlatformConnectError extends DigestError {
  readonly kind: PlatformErrorKind;
  readonly platform: string;
  /** The environment variable holding the credential at fault, if any. */
  readonly variable: string | undefined;
  /** The platform's own wording of the failure (status, error code), for logs and /healthz. */
  readonly reason: string;
  /** Seconds the platform asked to wait (429). */
  readonly retryAfterSeconds: number | undefined;
  constructor(options: { platform: string; kind: PlatformErrorKind; reason: string; message: string; hint?: string; variable?: string; retryAfterSeconds?: number; cause?: unknown }) {
    super(options.message, { code: CODE_OF[options.kind], ...(options.hint === undefined ? {} : { hint: options.hint }), cause: options.cause });
    this.kind = options.kind;
    this.platform = options.platform;
    this.variable = options.variable;
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** The failure of a request that got no HTTP answer, in words: "connection refused (127.0.0.1:9)", "timed out after 10 s". */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer (timed out)';
  const cause = (error as { cause?: { code?: unknown; message?: unknown; address?: unknown; port?: unknown; hostname?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const where = typeof cause?.hostname === 'string' ? ` (${cause.hostname})` : typeof cause?.address === 'string' ? ` (${cause.address}${cause.port === undefined ? '' : `:${String(cause.port)}`})` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found${where}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection reset${where}`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no answer (timed out)${where}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `network unreachable${where}`;
    default: {
      const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
      return code === undefined ? message : `${message} (${code})`;
    }
  }
}
