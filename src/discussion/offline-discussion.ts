import { verbatimQuote } from '../summarise/ask-piece.ts';
import { splitSentences } from '../summarise/split-sentences.ts';
import { DISCUSSION_SECTIONS, type DiscussionComment, type DiscussionDigest, type DiscussionPoint, type DiscussionSectionKey } from './discussion-model.ts';

/** Points per section offline: the most engaged comments first. */
export const OFFLINE_POINTS_PER_SECTION = 5;
/** Longest quote (characters); a longer sentence is cut at a word, so the quote is still verbatim. */
export const MAX_QUOTE_CHARS = 300;

const NAME = String.raw`\p{Lu}[\p{L}'’-]+`;
/** "Gao, Schulman and Hilton (2022)", "Pan et al. (2022)", "Amodei et al., 2016", "Hubinger 2019". */
const AUTHOR_YEAR = new RegExp(String.raw`${NAME}(?:\s+et\s+al\.?|(?:,\s*${NAME})*(?:,?\s*(?:and|&)\s*${NAME})?)\s*[,(]?\s*\(?(?:19|20)\d{2}[a-z]?\)?`, 'u');
const PAPER_LINK = /\barxiv\.org\/(?:abs|pdf)\/|\barXiv:\s*\d{4}\.\d{4,5}|\bdoi\.org\/|\b10\.\d{4,9}\/\S+/i;
const PRIOR_WORDS =
  /\b(?:prior work|earlier work|previous work|earlier(?:,?\s+\w+)?\s+meaning|originally (?:coined|used|meant)|see also|was (?:first )?(?:shown|proposed|introduced|described) (?:by|in)|classic (?:paper|result)|literature on)\b/i;
const EXPERIMENT =
  /\b(?:ablat\w*|re-?initiali[sz]\w*|symmetri[sz]\w*|baselines?|control (?:run|group|condition|experiment)s?|sweep(?:ing)?|replicat\w*|held-?out|would be (?:interesting|worth|good|nice) to|i'?d (?:like to see|love to see|run|try|test)|(?:you )?could (?:try|run|test|compare|check)|(?:a )?clean(?:er)? test|try (?:\w+ing\b|to\b)|run (?:a|an|the|it|this)\b|test whether|check whether|compare (?:against|with|to)|what happens if|experiment(?:s)? (?:where|with|that))/i;
const INTERROGATIVE = /^(?:did|do|does|is|are|was|were|when|how|why|what|which|where|who|have|has|had|could|would|can|will|should|shouldn'?t|isn'?t|aren'?t|doesn'?t|don'?t|any)\b/i;
const TO_AUTHORS = /\b(?:you|your|authors?)\b/i;
const DEBATE =
  /\b(?:conflat\w*|not convinced|unconvinced|disagree\w*|i (?:don'?t|do not) (?:think|buy|see)|(?:seems|looks|is) (?:off|wrong|mistaken)|doesn'?t follow|does not follow|confound\w*|overclaim\w*|overstat\w*|framing|rather than|isn'?t (?:the same|obvious|clear)|misleading|objection|object to|i think|i'?d argue|however|distinguish\w*|separate (?:concepts|things|questions)|the problem (?:is|with)|weak(?:ness|er)?|unclear|dilut\w*|cherry-?pick\w*|alternative explanation)\b/i;

/** Why a sentence belongs to a section, tried in this order for a comment's main section. */
const MAIN_RULES: { key: Exclude<DiscussionSectionKey, 'questions'>; test: (sentence: string) => boolean }[] = [
  { key: 'priorWork', test: (s) => AUTHOR_YEAR.test(s) || PAPER_LINK.test(s) || PRIOR_WORDS.test(s) },
  // A question that mentions a sweep or a run asks about the work; it goes with the open questions.
  { key: 'experiments', test: (s) => EXPERIMENT.test(s) && !isQuestion(s) },
  { key: 'debating', test: (s) => DEBATE.test(s) && !isQuestion(s) },
];

/** A question put to the authors (or readers): it asks, and it is a question about the work, not "thanks?". */
function isQuestion(sentence: string): boolean {
  return sentence.trimEnd().endsWith('?') && sentence.split(/\s+/).length >= 4 && (INTERROGATIVE.test(sentence.trim()) || TO_AUTHORS.test(sentence));
}

/** At most `max` characters of a sentence, cut at a word: still a verbatim part of it. */
export function shortQuote(sentence: string, max = MAX_QUOTE_CHARS): string {
  const text = sentence.trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '');
}

/** "et al." and "e.g." end no sentence: the segmenter splits there, so the pieces are joined back. */
function rejoinAbbreviations(sentences: string[]): string[] {
  const joined: string[] = [];
  for (const sentence of sentences) {
    const last = joined.at(-1);
    if (last !== undefined && /\b(?:et al|e\.g|i\.e|cf|vs|Fig|Eq|Sec|resp)\.$/iu.test(last)) joined[joined.length - 1] = `${last} ${sentence}`;
    else joined.push(sentence);
  }
  return joined;
}

/** The sections one comment belongs to, each with the sentence that put it there. */
export function classifyComment(text: string): { key: DiscussionSectionKey; sentence: string }[] {
  const sentences = rejoinAbbreviations(splitSentences(text).map((s) => s.text));
  const found: { key: DiscussionSectionKey; sentence: string }[] = [];
  for (const rule of MAIN_RULES) {
    const sentence = sentences.find((s) => rule.test(s));
    if (sentence !== undefined) {
      found.push({ key: rule.key, sentence });
      break;
    }
  }
  // A direct question also stands among the open questions, unless it is the very sentence already quoted.
  const question = sentences.find((s) => isQuestion(s) && s !== found[0]?.sentence);
  if (question !== undefined) found.push({ key: 'questions', sentence: question });
  return found;
}

/**
 * The discussion without a model: each comment's own sentences, quoted, under the section its wording puts it in
 * (a citation by author and year, a proposed ablation, an objection, a question), the most engaged comments first.
 * Nothing is written that a commenter did not write; a comment that is none of these ("great post!") is left out.
 */
export function offlineDiscussion(comments: readonly DiscussionComment[], total = comments.length): DiscussionDigest {
  const bySection = new Map<DiscussionSectionKey, DiscussionPoint[]>();
  const ranked = [...comments].sort((a, b) => b.engagement - a.engagement || (a.postedAt?.getTime() ?? Infinity) - (b.postedAt?.getTime() ?? Infinity) || a.id.localeCompare(b.id));
  for (const comment of ranked) {
    for (const { key, sentence } of classifyComment(comment.text)) {
      const points = bySection.get(key) ?? [];
      // Sentences come back with whitespace collapsed; the quote is the comment's own passage.
      const quote = verbatimQuote(shortQuote(sentence), comment.text);
      if (points.length >= OFFLINE_POINTS_PER_SECTION || quote === null) continue;
      points.push({ commentId: comment.id, author: comment.author, permalink: comment.permalink, origin: comment.origin, point: null, quote });
      bySection.set(key, points);
    }
  }
  return {
    sections: DISCUSSION_SECTIONS.map(({ key }) => ({ key, points: bySection.get(key) ?? [] })).filter((s) => s.points.length > 0),
    total,
    read: comments.length,
    summarisedBy: 'offline',
  };
}
