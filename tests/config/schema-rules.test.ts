import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../src/config/load-config.ts';
import { configSchema } from '../../src/config/schema.ts';

/** The config file goes through the same cron, language and location rules as chat and the CLI. */
function problems(raw: unknown): string[] {
  const parsed = configSchema.safeParse(raw);
  return parsed.success ? [] : formatIssues(parsed.error.issues, raw);
}

describe('config schema uses the one rule per value', () => {
  it('names the cron field at fault', () => {
    expect(problems({ schedule: { cron: '0 25 * * *' } })).toEqual(['schedule.cron: "0 25 * * *" is not a valid cron expression: hour 25 is out of range 0–23']);
    expect(problems({ channels: [{ platform: 'slack', workspace: 'T1', channel: 'C1', cron: '99 99 * * *' }] }))
      .toEqual(['channels[0].cron: "99 99 * * *" is not a valid cron expression: minute 99 is out of range 0–59']);
  });

  it('refuses a language Intl does not know and canonicalises one it does', () => {
    expect(problems({ summariser: { language: 'klingon' } })[0]).toMatch(/^summariser\.language: "klingon" is not a language Intl knows/);
    expect(problems({ channels: [{ platform: 'slack', workspace: 'T1', channel: 'C1', language: 'xx' }] })[0]).toMatch(/^channels\[0\]\.language: "xx" is not a language Intl knows/);
    expect(problems({ summariser: { language: 'en-QQ' } })).toEqual(['summariser.language: "en-QQ" is refused: "QQ" in "en-QQ" is not a known region']);
    const parsed = configSchema.parse({ summariser: { language: 'pt-br' }, channels: [{ platform: 'slack', workspace: 'T1', channel: 'C1', language: 'fr-ca' }] });
    expect(parsed.summariser.language).toBe('pt-BR');
    expect(parsed.channels[0]?.language).toBe('fr-CA');
  });

  it('states full text and weight only when the file says so', () => {
    const parsed = configSchema.parse({ sources: [{ url: 'https://a.example/feed' }, { url: './b.xml', weight: 2, fullText: false }] });
    expect(parsed.sources).toEqual([{ url: 'https://a.example/feed' }, { url: './b.xml', weight: 2, fullText: false }]);
    expect(parsed.ingest.fullText).toBe(true);
  });
});
