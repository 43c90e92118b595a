import { describe, expect, it } from 'vitest';
import { checkFeedLocation, feedLocation } from '../../src/rules/feed-location.ts';

describe('checkFeedLocation: one policy for config, CLI, console and chat', () => {
  it('accepts http(s) URLs from anyone, as typed', () => {
    for (const typedBy of ['local', 'chat'] as const) {
      expect(checkFeedLocation(' https://example.org/feed.xml ', { typedBy })).toEqual({ ok: true, location: 'https://example.org/feed.xml', local: false });
    }
  });

  it('accepts a local file only from the operator, resolved to an absolute path', () => {
    expect(checkFeedLocation('./feeds/a.xml', { typedBy: 'local', cwd: '/srv/bot' })).toEqual({ ok: true, location: '/srv/bot/feeds/a.xml', local: true });
    expect(checkFeedLocation('file:///srv/feeds/b.xml', { typedBy: 'local', cwd: '/x' })).toEqual({ ok: true, location: '/srv/feeds/b.xml', local: true });
    expect(checkFeedLocation('/etc/passwd', { typedBy: 'local' })).toEqual({ ok: true, location: '/etc/passwd', local: true });
    for (const value of ['/etc/passwd', './feed.xml', 'file:///etc/passwd', 'C:\\feeds\\a.xml']) {
      const check = checkFeedLocation(value, { typedBy: 'chat' });
      expect(check.ok, value).toBe(false);
      if (!check.ok) expect(check.problem).toContain('not an http(s) URL');
    }
  });

  it('refuses other schemes, credentials and empty input from anyone', () => {
    for (const typedBy of ['local', 'chat'] as const) {
      for (const value of ['htp://example.org', 'javascript:alert(1)', 'ftp://example.org/feed', 'https://user:pw@example.org/feed', '']) {
        expect(checkFeedLocation(value, { typedBy }).ok, `${typedBy} ${value}`).toBe(false);
      }
    }
  });

  it('as the config schema, keeps paths as written', () => {
    expect(feedLocation.parse(' ./a.xml ')).toBe('./a.xml');
    expect(feedLocation.safeParse('htp://x').error?.issues[0]?.message).toBe('is not an http(s) URL or a file path');
  });
});
