/**
 * Numbers as claims: "26k steps", "0,5 %", "1.4–1.6×", "8 milliards", "thirty-six policies". Each
 * becomes a set of candidate values (a separator such as "1,400" or "1.400" may be a thousands
 * separator or a decimal mark, so both readings are kept) and a kind, so that a reply and its source
 * can be compared however each writes its numbers.
 */

export interface NumberClaim {
  /** The text as written, e.g. `42%`. */
  text: string;
  /** Candidate values, canonical strings (`26000`, `0.5`). */
  values: string[];
  kind: 'plain' | 'percent' | 'times';
}

const MULTIPLIERS: [RegExp, number][] = [
  [/^(?:k|thousand|thousands|mille|tausend|mil|千)$/iu, 1e3],
  [/^(?:万|萬)$/u, 1e4],
  [/^(?:m|mn|million|millions|millionen|millón|millones|百万)$/iu, 1e6],
  [/^(?:亿|億)$/u, 1e8],
  [/^(?:b|bn|billion|billions|milliard|milliards|milliarde|milliarden)$/iu, 1e9],
  [/^(?:t|trillion|trillions|billion(?:en)?)$/iu, 1e12],
];
const PERCENT = /^(?:%|％|percent|per cent|pour cent|prozent|por ciento|per cento|percentage points?|points de pourcentage|prozentpunkte|パーセント|個百分點)$/iu;
const TIMES = /^(?:x|×|times|fois|mal|veces|倍)$/iu;

/**
 * A number, then an optional unit (sign or word, glued or after one space). Thousands groups may use
 * , . space or thin space. A number glued behind Latin, Greek or Cyrillic letters (BF16) is part of a
 * name, which the name check covers; CJK text writes numbers between letters, so it does not count.
 */
const NUMBER = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}]|\d[.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?:([.,])(\d+))?`
    + String.raw`(?:(\s?)(%|％|×|倍|万|萬|亿|億|千|百万|パーセント|percentage points?|per cent|pour cent|por ciento|per cento|points de pourcentage|[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]+))?`,
  'gu',
);

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
  twice: 2,
  double: 2,
  half: 0.5,
};

function canonical(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(6))) : '';
}

function kindOf(unit: string | undefined): { kind: NumberClaim['kind']; multiplier: number } | null {
  if (unit === undefined) return { kind: 'plain', multiplier: 1 };
  if (PERCENT.test(unit)) return { kind: 'percent', multiplier: 1 };
  if (TIMES.test(unit)) return { kind: 'times', multiplier: 1 };
  for (const [pattern, multiplier] of MULTIPLIERS) if (pattern.test(unit)) return { kind: 'plain', multiplier };
  return null; // an ordinary word after the number ("36 policies"): the number is plain, the word not part of it
}

/** Readings of the digits: "1,400" → 1400 or 1.4; "0,5" → 0.5; "2 000" → 2000. */
function readings(whole: string, mark: string | undefined, fraction: string | undefined): number[] {
  const grouped = /[,.\u00a0\u202f ]/.test(whole);
  const digits = whole.replace(/[,.\u00a0\u202f ]/g, '');
  const out = new Set<number>();
  if (fraction !== undefined) out.add(Number(`${digits}.${fraction}`));
  else out.add(Number(digits));
  // A single "1,400" or "1.400" group is ambiguous between languages: keep the decimal reading too.
  const single = /^(\d{1,3})[,.](\d{3})$/.exec(whole);
  if (grouped && single !== null && fraction === undefined) out.add(Number(`${single[1]}.${single[2]}`));
  if (mark !== undefined && fraction !== undefined && fraction.length === 3 && !grouped) out.add(Number(`${digits}${fraction}`));
  return [...out];
}

/** Every number claim in `text`, in order. A range ("34 to 88 percent") gives its unit to both ends. */
export function extractNumbers(text: string): NumberClaim[] {
  const normal = text.normalize('NFKC');
  const claims: (NumberClaim & { end: number; start: number })[] = [];
  for (const match of normal.matchAll(NUMBER)) {
    const [all, whole = '', mark, fraction, space, unit] = match;
    const unitKind = kindOf(unit);
    // A number glued to an ordinary word ("4o", "3D") is part of a name.
    if (unitKind === null && space === '') continue;
    const { kind, multiplier } = unitKind ?? { kind: 'plain' as const, multiplier: 1 };
    const written = unitKind === null ? all.slice(0, all.length - (unit?.length ?? 0) - (space?.length ?? 0)) : all;
    const values = readings(whole, mark, fraction).map((n) => canonical(n * multiplier));
    claims.push({ text: written.trim(), values, kind, start: match.index, end: match.index + written.length });
  }
  claims.push(...wordNumbers(normal));
  claims.sort((a, b) => a.start - b.start);
  // "34 to 88 percent", "1.4–1.6×": the first number of a range takes the second's kind.
  for (let i = 0; i + 1 < claims.length; i += 1) {
    const a = claims[i]!;
    const b = claims[i + 1]!;
    if (a.kind === 'plain' && b.kind !== 'plain' && /^\s*(?:to|and|or|-|–|—|à|et|bis|und|a|y|~|から|到|至)\s*$/iu.test(normal.slice(a.end, b.start))) a.kind = b.kind;
  }
  return claims.map(({ text: t, values, kind }) => ({ text: t, values, kind }));
}

/** English number words in a source ("thirty-six", "two hundred", "twelve points"), as plain numbers. */
function wordNumbers(text: string): (NumberClaim & { start: number; end: number })[] {
  const out: (NumberClaim & { start: number; end: number })[] = [];
  const pattern =
    /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|twice|double|half)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?(?:\s+(hundred|thousand|million|billion))?(?:\s+(percent|per cent|times))?\b/giu;
  for (const match of text.matchAll(pattern)) {
    const [all, head = '', unit, scale, suffix] = match;
    let value = (WORD_NUMBERS[head.toLowerCase()] ?? 0) + (unit === undefined ? 0 : (WORD_NUMBERS[unit.toLowerCase()] ?? 0));
    if (scale !== undefined) value *= { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 }[scale.toLowerCase() as 'hundred'] ?? 1;
    const word = head.toLowerCase();
    const kind: NumberClaim['kind'] = suffix === undefined ? (word === 'twice' || word === 'double' ? 'times' : 'plain') : /times/i.test(suffix) ? 'times' : 'percent';
    out.push({ text: all, values: [canonical(value)], kind, start: match.index, end: match.index + all.length });
  }
  return out;
}
