import type { ReplyBlock, ReplyInline, ThreadReply } from '../../src/discussion/thread-reply.ts';
import { html, safeHref, type SafeHtml } from './html.ts';

/** Readers' words, escaped by construction; links only to http(s), marked as user content. */
function inline(parts: readonly ReplyInline[]): SafeHtml {
  return html`${
    parts.map((p) => {
      if (typeof p === 'string') return html`${p}`;
      if ('strong' in p) return html`<strong>${p.strong}</strong>`;
      if ('quote' in p) return html`<q>${p.quote}</q>`;
      const href = safeHref(p.link);
      return href === undefined ? html`${p.label}` : html`<a href="${href}" rel="nofollow ugc noopener noreferrer">${p.label}</a>`;
    })
  }`;
}

/** Consecutive bullets as one list. */
function groups(blocks: readonly ReplyBlock[]): (ReplyBlock | ReplyBlock[])[] {
  const out: (ReplyBlock | ReplyBlock[])[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    if (b.kind === 'bullet' && Array.isArray(last)) last.push(b);
    else out.push(b.kind === 'bullet' ? [b] : b);
  }
  return out;
}

/** The discussion digest posted under a piece, on the piece's section of the edition page. */
export function renderDiscussion(reply: ThreadReply, anchor: string): SafeHtml {
  let first = true;
  const body = groups(reply.blocks).map((g) => {
    if (Array.isArray(g)) return html`<ul>\n${g.map((b) => html`<li>${b.kind === 'bullet' ? inline(b.parts) : ''}</li>\n`)}</ul>\n`;
    switch (g.kind) {
      case 'heading':
        if (first) {
          first = false;
          return html`<h3 id="discussion-${anchor}">${g.text}</h3>\n`;
        }
        return html`<h4>${g.text}</h4>\n`;
      case 'line':
        return html`<p>${inline(g.parts)}</p>\n`;
      case 'note':
        return html`<p class="note">${g.text}</p>\n`;
      default:
        return html``;
    }
  });
  return html`<section class="discussion" aria-labelledby="discussion-${anchor}">\n${body}</section>\n`;
}
