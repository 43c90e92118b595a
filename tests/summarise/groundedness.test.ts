import { describe, expect, it } from 'vitest';
import { dropUngroundedSentences, extractNames, groundingSource, ungroundedSpans } from '../../src/summarise/groundedness.ts';
import { extractNumbers } from '../../src/summarise/number-claims.ts';
import { detectLanguage, wrongLanguage } from '../../src/summarise/output-language.ts';

const article = [
  'Sparse Autoencoders at Scale',
  'We fine-tuned 36 small policies (160M to 1.4B parameters) with Llama-3-8B as the judge, over about 26,000 steps.',
  'Scores ranged from 34 to 88 percent on MMLU, and FP8 gave 1.4 to 1.6 times higher throughput. Thirty-six runs used DeepSeek-V2.',
].join('\n');
const source = groundingSource(article);

describe('number claims', () => {
  it('reads units, multipliers, percentages and ranges', () => {
    const claims = extractNumbers('36 policies, 160M to 1.4B, 26,000 steps, 34 to 88 percent, 1.4–1.6×, 2k, thirty-six');
    expect(claims.map((c) => [c.text, c.kind, c.values[0]])).toEqual([
      ['36', 'plain', '36'],
      ['160M', 'plain', '160000000'],
      ['1.4B', 'plain', '1400000000'],
      ['26,000', 'plain', '26000'],
      ['34', 'percent', '34'],
      ['88 percent', 'percent', '88'],
      ['1.4', 'times', '1.4'],
      ['1.6×', 'times', '1.6'],
      ['2k', 'plain', '2000'],
      ['thirty-six', 'plain', '36'],
    ]);
  });
  it("reads other languages' number formats", () => {
    expect(extractNumbers('0,5 % et 8 milliards, 2 000 étapes').map((c) => [c.values[0], c.kind])).toEqual([['0.5', 'percent'], ['8000000000', 'plain'], ['2000', 'plain']]);
    expect(extractNumbers('80亿参数，提升 0.5%').map((c) => [c.values[0], c.kind])).toEqual([['8000000000', 'plain'], ['0.5', 'percent']]);
  });
  it('leaves digits inside names to the name check', () => {
    expect(extractNumbers('BF16 and GPT-4o')).toEqual([]);
  });
});

describe('names', () => {
  it('finds model, dataset and organisation names but not sentence-initial capitals', () => {
    expect(extractNames('Researchers compared GPT-4o with Llama and DeepSeek on MMLU, as Anthropic did.', 'en')).toEqual(['GPT-4o', 'Llama', 'DeepSeek', 'MMLU', 'Anthropic']);
  });
  it('does not take German nouns for names', () => {
    expect(extractNames('Wir vergleichen das Modell GPT-4o mit dem Verfahren auf MMLU.', 'de')).toEqual(['GPT-4o', 'MMLU']);
  });
  it('takes Latin-script words in Japanese and Chinese for names', () => {
    expect(extractNames('在 MMLU 上比较了 Llama 和 GPT-4o。', 'zh')).toEqual(['MMLU', 'Llama', 'GPT-4o']);
  });
});

describe('ungroundedSpans', () => {
  it('accepts what the article says however it is written (case, hyphens, number formats)', () => {
    expect(ungroundedSpans('The team fine-tuned thirty-six Llama 3 8B policies for 26k steps and reached 88% on mmlu, 1.6x faster with FP8; 36 runs used DeepSeek V2.', source, 'en')).toEqual([]);
  });
  it('reports invented numbers, percentages and names, each once', () => {
    expect(ungroundedSpans('They reached 42% on GSM8K within 500 steps using GPT-4o, as Anthropic showed; GPT-4o again.', source, 'en')).toEqual([
      { text: '42%', kind: 'number' },
      { text: '500', kind: 'number' },
      { text: 'GSM8K', kind: 'name' },
      { text: 'GPT-4o', kind: 'name' },
      { text: 'Anthropic', kind: 'name' },
    ]);
  });
  it('does not accept a plain number as a percentage or a multiple', () => {
    expect(ungroundedSpans('Throughput rose by 36%.', source, 'en')).toEqual([{ text: '36%', kind: 'number' }]);
    expect(ungroundedSpans('It ran 36 times faster.', source, 'en')).toEqual([{ text: '36 times', kind: 'number' }]);
  });
  it('reports an invented model version once, as a name', () => {
    expect(ungroundedSpans('Llama-4 matched it.', source, 'en')).toEqual([{ text: 'Llama-4', kind: 'name' }]);
  });
  it('checks a French reply against an English article', () => {
    expect(ungroundedSpans('Les scores vont de 34 à 88 % sur MMLU, avec 1,4 à 1,6 fois plus de débit.', source, 'fr')).toEqual([]);
    expect(ungroundedSpans('Le modèle Mistral atteint 91 %.', source, 'fr')).toEqual([{ text: '91 %', kind: 'number' }, { text: 'Mistral', kind: 'name' }]);
  });
});

describe('dropUngroundedSentences', () => {
  it('drops only the sentences with ungrounded spans and keeps paragraphs', () => {
    const kept = dropUngroundedSentences('We fine-tuned 36 policies. It beat Gemini.\n\nScores reached 88 percent. It cost $5.', source, 'en');
    expect(kept).toEqual({ text: 'We fine-tuned 36 policies.\n\nScores reached 88 percent.', dropped: 2 });
  });
});

describe('output language', () => {
  it('tells the languages of short research sentences', async () => {
    expect(await detectLanguage('Teams shipping RAG pipelines can cut retrieval cost by stopping early when the answer is stable.')).toBe('en');
    expect(await detectLanguage('Pour les équipes qui déploient un pipeline RAG, arrêter la recherche plus tôt réduit le coût.')).toBe('fr');
    expect(await detectLanguage('Teams mit RAG-Pipelines sparen Kosten, wenn die Suche früher abbricht.')).toBe('de');
    expect(await detectLanguage('Los equipos con pipelines RAG ahorran costes si la búsqueda se detiene antes.')).toBe('es');
    expect(await detectLanguage('LoRAアダプタは完全なファインチューニングより忘却が少ない。')).toBe('ja');
    expect(await detectLanguage('在 GPT-2 上训练的稀疏自编码器在不同规模的模型之间共享拒绝特征。')).toBe('zh');
  });
  it('gives no verdict on text too short to tell', async () => {
    expect(await detectLanguage('GPT-4o, 88%')).toBeNull();
  });
  it('flags a reply in another language, matched on the primary subtag', async () => {
    const english = 'The probe flags reward hacking about two thousand steps before it starts, in most runs.';
    expect(await wrongLanguage(english, 'fr-CA')).toBe('en');
    expect(await wrongLanguage(english, 'en-GB')).toBeNull();
    // A language the detector cannot tell is not checked rather than always failing.
    expect(await wrongLanguage(english, 'sw')).toBeNull();
  });
});
