import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import { literal } from '../../src/text/literal-text.ts';
import { defineSubcommand } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { digestSelectorOption, pickDigest } from './pick-digest.ts';

/** `/digest passed [digest]`: what the digest left out of the new pieces, and why, in the edition's language. */
export const passedCommand = defineSubcommand({
  name: 'passed',
  description: 'What the latest digest left out, and why',
  permission: 'member',
  options: [digestSelectorOption],
  async run(args, ctx) {
    const { digest } = await pickDigest(ctx, args.digest);
    const m = messagesOfDigest(digest);
    const passed = digest.passed ?? [];
    const lines = [`**${literal(m.passedHeading(digest.title))}**`];
    if (passed.length === 0) lines.push(m.nothingPassed);
    for (const [i, p] of passed.entries()) {
      // Titles and source names are feed text: shown literally, so their own markup is not read as ours.
      lines.push(`${i + 1}. **${literal(p.title)}** — ${literal(p.sourceName)}: ${m.passedReason(p.reason)}`, `   ${p.url}`);
    }
    return okReply(lines.join('\n'));
  },
});
