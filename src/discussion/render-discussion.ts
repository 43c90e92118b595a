import type { DigestPiece } from '../domain/digest.ts';
import { DISCUSSION_SECTIONS, type DiscussionDigest } from './discussion-model.ts';
import { threadReply, type ReplyBlock, type ThreadReply } from './thread-reply.ts';

/** "8 replies here and 4 comments on The Gradient" */
function countLine(digest: DiscussionDigest, thread: number, source: number, sourceName: string): string {
  const parts: string[] = [];
  if (thread > 0) parts.push(`${thread} ${thread === 1 ? 'reply' : 'replies'} here`);
  if (source > 0) parts.push(`${source} ${source === 1 ? 'comment' : 'comments'} on ${sourceName}`);
  const read = digest.read < digest.total ? ` (the ${digest.read} most engaged read)` : '';
  return `${parts.join(' and ')}${read}`;
}

/** The discussion digest as it is posted under piece N and shown on its web page. */
export function renderDiscussionReply(digest: DiscussionDigest, piece: Pick<DigestPiece, 'position' | 'title' | 'sourceName'>, counts: { thread: number; source: number }): ThreadReply {
  const blocks: ReplyBlock[] = [
    { kind: 'heading', text: `💬 Discussion of ${piece.position}. ${piece.title}` },
    { kind: 'line', parts: [countLine(digest, counts.thread, counts.source, piece.sourceName)] },
  ];
  for (const { key, heading } of DISCUSSION_SECTIONS) {
    const section = digest.sections.find((s) => s.key === key);
    if (section === undefined || section.points.length === 0) continue;
    blocks.push({ kind: 'heading', text: heading });
    for (const p of section.points) {
      blocks.push({
        kind: 'bullet',
        parts: [{ strong: p.author }, ' (', { link: p.permalink, label: p.origin === 'source' ? 'comment' : 'reply' }, '): ', ...(p.point === null ? [] : [`${p.point} `]), { quote: p.quote }],
      });
    }
  }
  if (digest.summarisedBy !== 'llm') blocks.push({ kind: 'note', text: 'Quoted from the comments, grouped without a language model.' });
  return threadReply(blocks);
}
