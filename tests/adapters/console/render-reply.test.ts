import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../adapters/console/render-reply.ts';
import { errorReply, okReply } from '../../../commands/reply.ts';
import { literal } from '../../../src/text/literal-text.ts';

describe('console reply', () => {
  it('drops bold and italic marks without colour, and styles them with it', () => {
    const reply = okReply('**Key takeaways**\n• one\n_Only one genuine takeaway in this piece._');
    expect(renderReply(reply, { color: false })).toBe('Key takeaways\n• one\nOnly one genuine takeaway in this piece.');
    expect(renderReply(reply, { color: true })).toBe('\u001b[1mKey takeaways\u001b[0m\n• one\n\u001b[3mOnly one genuine takeaway in this piece.\u001b[0m');
  });

  it('leaves underscores inside words and URLs, and backtick command quotes, as typed', () => {
    const text = 'See https://x.example/p?utm_source=a&utm_medium=b and snake_case_name; try `/digest piece 2`.';
    expect(renderReply(okReply(text), { color: false })).toBe(text);
  });

  it('shows feed text literally: its own marks are not styling', () => {
    const reply = okReply(`Added **${literal('**Not bold** _nor italic_')}**.`);
    expect(renderReply(reply, { color: false })).toBe('Added **Not bold** _nor italic_.');
  });

  it('marks errors and removes control characters a feed smuggled in', () => {
    expect(renderReply(errorReply(`No such piece: ${literal('a\u001b[31mred')}`), { color: false })).toBe('✗ No such piece: a [31mred');
  });
});
