/**
 * Checks of a summary reply, each naming exactly what is wrong so the one corrective retry can fix
 * it: lengths and counts, the output language, and groundedness in the article.
 */
import { languageName } from './language-name.ts';
import { ungroundedSpans, type GroundingSource, type UngroundedSpan } from './groundedness.ts';
import { wrongLanguage } from './output-language.ts';
import { SUMMARY_LIMITS, type SummaryWire } from './prompt.ts';

/** The reply's fields after markup cleanup, before any check. */
export type PlainReply = SummaryWire;

const FIELDS = ['summary', 'whyItMatters', 'whatToBuild'] as const;
const n = (value: number) => value.toLocaleString('en-GB');

function lengthProblem(label: string, text: string, limit: number): string | null {
  const length = text.trim().length;
  if (length === 0) return `${label} is empty; write it.`;
  if (length > limit) return `${label} is ${n(length)} characters; the limit is ${n(limit)}, so cut at least ${n(length - limit)}.`;
  return null;
}

/** Empty or over-long fields, a takeaway count other than three, repeated takeaways. */
export function shapeProblems(reply: PlainReply): string[] {
  const problems: string[] = [];
  for (const field of FIELDS) {
    const problem = lengthProblem(field, reply[field], SUMMARY_LIMITS[field === 'summary' ? 'summary' : field]);
    if (problem !== null) problems.push(problem);
  }
  const takeaways = reply.keyTakeaways;
  if (takeaways.length !== 3) problems.push(`keyTakeaways has ${takeaways.length} ${takeaways.length === 1 ? 'bullet' : 'bullets'}; it must have exactly 3.`);
  takeaways.forEach((t, i) => {
    const problem = lengthProblem(`keyTakeaways[${i + 1}]`, t, SUMMARY_LIMITS.takeaway);
    if (problem !== null) problems.push(problem);
  });
  const key = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  for (let i = 0; i < takeaways.length; i += 1) {
    for (let j = i + 1; j < takeaways.length; j += 1) {
      if (key(takeaways[i] ?? '') !== '' && key(takeaways[i] ?? '') === key(takeaways[j] ?? '')) problems.push(`keyTakeaways[${i + 1}] and keyTakeaways[${j + 1}] are the same; make all three distinct.`);
    }
  }
  return problems;
}

/** Fields written in another language than the channel's. Takeaways are judged together (each is short). */
export async function languageProblems(reply: PlainReply, language: string): Promise<string[]> {
  const parts: [string, string][] = [...FIELDS.map((f) => [f, reply[f]] as [string, string]), ['keyTakeaways', reply.keyTakeaways.join(' ')]];
  const problems: string[] = [];
  for (const [label, text] of parts) {
    const found = await wrongLanguage(text, language);
    if (found !== null) problems.push(`${label} is written in ${languageName(found)}, not ${languageName(language)}; write it in ${languageName(language)}.`);
  }
  return problems;
}

/** Ungrounded spans per field (takeaways by position), for the retry and for dropping. */
export interface GroundingReport {
  byField: { field: string; spans: UngroundedSpan[] }[];
  count: number;
}

export function groundingReport(reply: PlainReply, source: GroundingSource, language: string): GroundingReport {
  const fields: [string, string][] = [...FIELDS.map((f) => [f, reply[f]] as [string, string]), ...reply.keyTakeaways.map((t, i) => [`keyTakeaways[${i + 1}]`, t] as [string, string])];
  const byField = fields.map(([field, text]) => ({ field, spans: ungroundedSpans(text, source, language) })).filter((f) => f.spans.length > 0);
  return { byField, count: byField.reduce((sum, f) => sum + f.spans.length, 0) };
}

/** One line per field: `summary: "42%" (number), "Gemini" (name) do not occur in the article; …`. */
export function groundingProblems(report: GroundingReport): string[] {
  return report.byField.map(({ field, spans }) => {
    const list = spans.map((s) => `"${s.text}" (${s.kind})`).join(', ');
    return `${field}: ${list} ${spans.length === 1 ? 'does' : 'do'} not occur in the article; use only numbers and names the article gives, or leave them out.`;
  });
}
