import { describe, expect, it } from 'vitest';
import { neutraliseMentions } from '../../src/text/neutralise-mentions.ts';

/** True when the text still holds something Discord or Slack would turn into a ping. */
function hasLiveMention(text: string): boolean {
  return /@(everyone|here|channel)/i.test(text) || /<[@#!][^>]*>/.test(text) || /[＠﹫](everyone|here|channel)/iu.test(text);
}

describe('neutraliseMentions', () => {
  const cases = [
    '@everyone',
    '@here',
    '@channel',
    '@Everyone',
    '@EVERYONE',
    '@HeRe',
    'hi @everyone!',
    'x@everyone',
    '@everyones',
    '＠everyone',
    '＠here',
    '﹫everyone',
    '@\u200beveryone',
    '@\u2060here',
    '@\ufeffeveryone',
    '@\u00adeveryone',
    '@\u034feveryone',
    '@\u200b\u200c\u200deveryone',
    '<@123456789012345678>',
    '<@!123456789012345678>',
    '<@&987654321>',
    '<#555>',
    '<@U024BE7LH>',
    '<@U024BE7LH|bob>',
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<!here|here>',
    '<!subteam^SAZ94GDB8>',
    '<!subteam^SAZ94GDB8|@team>',
    '<\u200b@123>',
    '<\u200b!channel>',
  ];
  for (const input of cases) {
    it(`neutralises ${JSON.stringify(input)}`, () => {
      const output = neutraliseMentions(input);
      expect(output).not.toBe(input);
      expect(hasLiveMention(output)).toBe(false);
    });
  }

  it('keeps the words readable', () => {
    expect(neutraliseMentions('ping @everyone now').replace(/\u200d/g, '')).toBe('ping @everyone now');
    expect(neutraliseMentions('see <#123> and <@456>')).toBe('see ‹#123› and ‹@456›');
    expect(neutraliseMentions('<!channel> alert')).toBe('‹!channel› alert');
  });

  it('handles several mentions in one text', () => {
    const output = neutraliseMentions('@here <!channel> <@1> and @everyone, then ＠here');
    expect(hasLiveMention(output)).toBe(false);
  });

  it('leaves ordinary text, e-mail addresses and emoji sequences alone', () => {
    for (const text of ['Reward hacking in gridworlds.', 'mail me at someone@example.org', 'a < b and c > d', 'family 👨\u200d👩\u200d👧 emoji', '@alice said hi']) {
      expect(neutraliseMentions(text)).toBe(text);
    }
  });

  it('is idempotent', () => {
    for (const input of cases) {
      const once = neutraliseMentions(input);
      expect(neutraliseMentions(once)).toBe(once);
    }
  });
});
