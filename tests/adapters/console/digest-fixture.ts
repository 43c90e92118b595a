import type { Digest, DigestPiece } from '../../../src/domain/digest.ts';

const longSummary = 'The authors train a family of small transformers on a synthetic reasoning task and track how a **reward model** is exploited as training continues. ' +
  'Exploitation appears abruptly after roughly 40k steps and is preceded by a measurable rise in the policy’s confidence on out-of-distribution prompts.\n\n' +
  'A second experiment repeats the setup with an ensemble of reward models and finds the onset delayed by about a factor of three.';

export function llmPiece(position: number): DigestPiece {
  return {
    position,
    pieceId: `p${position}`,
    title: `Reward hacking appears suddenly, and a confidence signal sees it coming (part ${position})`,
    sourceName: 'Alignment Notes',
    url: `https://example.org/posts/2026/11/reward-hacking-appears-suddenly-and-a-confidence-signal-sees-it-coming-${position}?utm_source=digest`,
    readMinutes: 6,
    summary: {
      summary: longSummary,
      whyItMatters: 'If you fine-tune against a learned reward, the failure is not gradual: you need an alarm, not a dashboard you glance at weekly.',
      whatToBuild: 'Wire a held-out confidence probe into your RL loop and stop or roll back when it crosses a threshold calibrated on a small sweep.',
      keyTakeaways: [
        'Reward hacking began abruptly after about 40k steps in every run.',
        'Policy confidence on out-of-distribution prompts rose before the onset.',
        'An ensemble of reward models delayed the onset roughly threefold.',
      ],
    },
    summarisedBy: 'llm',
    reason: 'matches interests: reward hacking; 6 min read',
  };
}

export function offlinePiece(position: number): DigestPiece {
  const piece = llmPiece(position);
  return { ...piece, summary: { ...piece.summary, whyItMatters: null, whatToBuild: null }, summarisedBy: 'offline' };
}

export function digestOf(pieces: DigestPiece[]): Digest {
  return {
    id: 'digest-1',
    channelId: 'console:local:default',
    edition: 'manual:2026-11-22T09:00:00.000Z',
    title: 'AI Research Digest — 22 November 2026',
    headerLine: `${pieces.length} pieces selected from Alignment Notes — only the ones worth your time.`,
    createdAt: new Date('2026-11-22T09:00:00Z'),
    readMinutes: pieces.reduce((s, p) => s + p.readMinutes, 0),
    summarisedOffline: pieces.some((p) => p.summarisedBy !== 'llm'),
    pieces,
  };
}
