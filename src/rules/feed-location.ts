import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Who typed a feed location. `local`: the operator, at the CLI, the console or in the config file, who may name
 * files on the bot's own disk. `chat`: a Discord or Slack user, who may only name http(s) URLs.
 */
export type TypedBy = 'local' | 'chat';

export type FeedLocationCheck =
  | { ok: true; location: string; local: boolean }
  | { ok: false; problem: string; hint: string };

/** True for a location read from disk: a `file:` URL or a path (a Windows drive letter is a path). */
export function isLocalLocation(location: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'file' || /^[a-z]$/i.test(scheme);
}

const HTTP_HINT = 'Give the feed address, e.g. https://example.org/feed.xml.';

/**
 * The one feed-location policy for the config file, the CLI, the console and chat. An http(s) URL is accepted from
 * anyone; a local file only from who types it locally, resolved against `cwd` to an absolute path so the bot finds
 * it from any directory later; anything else (another scheme, a mistyped one) is refused.
 */
export function checkFeedLocation(input: string, options: { typedBy: TypedBy; cwd?: string }): FeedLocationCheck {
  const value = input.trim();
  if (value === '') return { ok: false, problem: 'is empty; expected an http(s) URL or a file path', hint: HTTP_HINT };
  if (isLocalLocation(value)) {
    if (options.typedBy === 'chat') {
      return { ok: false, problem: `"${value.slice(0, 80)}" is not an http(s) URL: files on the bot's disk can only be added by its operator (CLI or console)`, hint: HTTP_HINT };
    }
    if (options.cwd === undefined) return { ok: true, location: value, local: true };
    const file = /^file:/i.test(value) ? safeFilePath(value) : path.resolve(options.cwd, value);
    if (file === undefined) return { ok: false, problem: `"${value.slice(0, 80)}" is not a valid file: URL`, hint: 'Use a path such as ./feeds/blog.xml or file:///srv/feeds/blog.xml.' };
    return { ok: true, location: file, local: true };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if ((scheme === 'http' || scheme === 'https') && URL.canParse(value)) {
    const url = new URL(value);
    if (url.username !== '' || url.password !== '') return { ok: false, problem: `"${url.host}" URLs with a user name or password are not accepted`, hint: 'Use a public feed URL without credentials.' };
    return { ok: true, location: value, local: false };
  }
  return { ok: false, problem: `"${value.slice(0, 80)}" is not an http(s) URL${options.typedBy === 'local' ? ' or a file path' : ''}`, hint: HTTP_HINT };
}

function safeFilePath(value: string): string | undefined {
  try {
    return fileURLToPath(value);
  } catch {
    return undefined;
  }
}

/** The policy as a zod schema for the config file (written by the operator; paths are kept as written). */
export const feedLocation = z.string().trim().superRefine((value, ctx) => {
  const check = checkFeedLocation(value, { typedBy: 'local' });
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.problem.replace(/^"[^"]*" /, '') });
});
