import { attributeUsage } from '../../src/budget/usage-scope.ts';
import type { Store } from '../../src/store/store.ts';
import { createPieceQa } from '../../src/summarise/ask-piece.ts';
import { silentLogger } from '../summarise/fixtures/fake-replies.ts';

/**
 * The real question-answering client against a fake OpenAI-compatible server at `baseURL`, each call's usage recorded
 * in `store` (counted against the asking workspace) at `at()`, as the app wires /digest ask.
 */
export function recordedPieceQa(baseURL: string, store: Pick<Store, 'recordLlmUsage'>, at: () => Date): ReturnType<typeof createPieceQa> {
  const record = attributeUsage((usage) => store.recordLlmUsage(usage));
  return createPieceQa({
    baseURL,
    model: 'qa-model',
    timeoutMs: 5_000,
    maxRetries: 0,
    logger: silentLogger(),
    onUsage: (u) => {
      void record({ at: at(), purpose: 'ask', model: u.model, contentHash: null, promptTokens: u.promptTokens, completionTokens: u.completionTokens });
    },
  });
}
