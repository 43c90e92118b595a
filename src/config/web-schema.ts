import { z } from 'zod';

/** `web.publicUrl`: where readers reach the archive; http(s), no query or fragment, always ending in `/`. */
const publicUrl = z.string().trim().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL (e.g. "https://digests.example.org/")` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) URL` });
  else if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: `"${value}" must not carry a query, a fragment or credentials` });
  }
}).transform((value) => {
  const url = new URL(value);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
});

/** The web archive (docs/web-archive.md). */
export const webConfigSchema = z.strictObject({
  /** Port `digest run` serves the archive on; null: `digest run` serves none (`digest serve` defaults to 8080). */
  port: z.number().int().min(0).max(65_535).nullable().default(null),
  host: z.string().trim().min(1).default('0.0.0.0'),
  /** The archive's address as readers see it; needed for links in chat and absolute links in feeds. */
  publicUrl: publicUrl.nullable().default(null),
  /** The site's name in every page's header; the digest's name when absent. */
  siteName: z.string().trim().min(1).max(80).optional(),
  /** Editions per index page. */
  pageSize: z.number().int().min(5).max(100).default(20),
});

export type WebConfig = z.infer<typeof webConfigSchema>;
