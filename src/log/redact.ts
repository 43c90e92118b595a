/**
 * Secrets that hide inside text: URLs whose path is a credential (an interaction or webhook token, a
 * Slack response_url or incoming webhook) and token-shaped strings. Used on every log line, so a
 * secret the logger was never told about (a per-interaction token) is masked too.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Discord: /interactions/{id}/{token}/callback and /webhooks/{application or webhook id}/{token}/…
  [/(\/interactions\/\d+\/)[^/?#\s"'\\]+/g, '$1[redacted]'],
  [/(\/webhooks\/\d+\/)[^/?#\s"'\\]+/g, '$1[redacted]'],
  // Slack: response_urls (hooks.slack.com/commands/…, /actions/…) and incoming webhooks (/services/…).
  [/(https?:\/\/hooks\.slack(?:-gov)?\.com\/)[^\s"'\\]+/g, '$1[redacted]'],
  // Slack tokens (bot, user, app-level, refresh, config) and Discord bot tokens.
  [/\bxox[abposre]-[A-Za-z0-9-]{6,}/g, 'xox…[redacted]'],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, 'xapp-[redacted]'],
  [/\b[MNO][A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g, '[redacted]'],
  // Authorization header values that slipped into a message.
  [/\b(Bearer|Bot) [A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
];

/** `text` with every credential-bearing URL part and token-shaped string masked. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Keys whose values are request or response payloads or credentials: dropped from serialised errors. */
const PAYLOAD_KEYS = new Set([
  'requestBody',
  'rawError',
  'body',
  'headers',
  'request',
  'response',
  'config',
  'data',
  'options',
  'token',
  'authorization',
  'response_url',
  'responseUrl',
  'webhookUrl',
]);

/** How much of one string field of an error reaches the log. */
const MAX_FIELD = 4000;

/**
 * An error as a log line may show it: type, message, stack, and the scalar fields that say what failed
 * (code, status, method, the platform's error string), each with secrets masked. Request and response
 * bodies, headers and raw payloads are left out, since SDK errors carry them in full (discord.js's
 * `requestBody`, the Slack WebClient's `headers` and `body`). `cause` is serialised the same way.
 */
export function serialiseError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return typeof value === 'string' ? redactSecrets(value) : value;
  const out: Record<string, unknown> = { type: value.constructor.name, message: clip(value.message) };
  if (value.stack !== undefined) out['stack'] = clip(value.stack);
  for (const [key, field] of Object.entries(value)) {
    if (PAYLOAD_KEYS.has(key) || key === 'message' || key === 'stack' || key === 'cause') continue;
    if (typeof field === 'string') out[key] = clip(field);
    else if (typeof field === 'number' || typeof field === 'boolean') out[key] = field;
  }
  // The Slack WebClient puts the platform's answer in `data` ({ ok: false, error }); only its error string is kept.
  const slackError = (value as { data?: { error?: unknown } }).data?.error;
  if (typeof slackError === 'string') out['platformError'] = slackError;
  if (value.cause !== undefined && depth < 4) out['cause'] = serialiseError(value.cause, depth + 1);
  return out;
}

function clip(text: string): string {
  const masked = redactSecrets(text);
  return masked.length > MAX_FIELD ? `${masked.slice(0, MAX_FIELD)}…` : masked;
}
