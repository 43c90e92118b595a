import { readMinutes } from '../digest/read-time.ts';
import type { ScoreComponents } from './score-piece.ts';
import { EXCERPT_WORDS } from './score-piece.ts';

/** What a reason is written from. */
export interface ReasonInput {
  components: ScoreComponents;
  matchedInterests: readonly string[];
  sourceWeight: number;
  wordCount: number;
}

/** One line saying why a piece was picked, e.g. `matches interests: reward hacking, RL; 12 min read`. */
export function selectionReason(input: ReasonInput): string {
  const parts: string[] = [];
  const { components } = input;
  if (input.matchedInterests.length > 0) parts.push(`matches interests: ${input.matchedInterests.join(', ')}`);
  else if (components.relevance !== undefined && components.relevance >= 0.6) parts.push('rated relevant to this channel');
  else {
    const recent = components.recency >= 0.5;
    const weighty = input.sourceWeight > 1;
    if (recent && weighty) parts.push('recent from a high-weight source');
    else if (recent) parts.push('recent');
    else if (weighty) parts.push('from a high-weight source');
    else parts.push('best of the remaining pieces');
  }
  if (components.novelty < 0.5) parts.push('close to a recent digest');
  parts.push(input.wordCount < EXCERPT_WORDS ? 'excerpt only' : `${readMinutes(input.wordCount)} min read`);
  return parts.join('; ');
}
