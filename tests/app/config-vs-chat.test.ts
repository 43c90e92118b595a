import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FEEDS_DIR } from '../../app/embedded-default.ts';
import { runCli } from './cli-process.ts';

const console = (entry: Record<string, unknown> = {}) => ({ platform: 'console', workspace: 'local', channel: 'terminal', ...entry });
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('config file vs chat, across restarts (each command is a fresh process)', () => {
  it('a chat change holds across restarts; once the file states the value, the file applies and chat is refused naming file and key', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-persist-'));
    const file = path.join(cwd, 'digest.config.yaml');
    const sources = [{ url: path.join(SAMPLE_FEEDS_DIR, 'ahead-of-ml.xml') }];
    writeFileSync(file, JSON.stringify({ sources, channels: [console({ pieces: 3 })] }));

    expect((await runCli(['command', 'settings interests reward hacking, evals'], { cwd })).code).toBe(0);
    expect((await runCli(['command', 'schedule set 30 7 * * 1'], { cwd })).code).toBe(0);
    let show = flat((await runCli(['command', 'settings show'], { cwd })).stdout);
    expect(show).toContain('Interests: reward hacking, evals (chat)');
    expect(show).toContain('Pieces per digest: 3 (file: channels[0].pieces)');
    expect(show).toContain('Language: en (default)');
    expect(show).toContain('`30 7 * * 1` in UTC (cron: chat; timezone: default)');

    // Restart with the file stating the interests: the file's value applies, the chat schedule stays.
    writeFileSync(file, JSON.stringify({ sources, channels: [console({ pieces: 3, interests: ['interpretability'] })] }));
    show = flat((await runCli(['command', 'settings show'], { cwd })).stdout);
    expect(show).toContain('Interests: interpretability (file: channels[0].interests)');
    expect(show).toContain('(cron: chat; timezone: default)');
    const refused = await runCli(['command', 'settings interests evals'], { cwd });
    expect(refused.code).toBe(2);
    expect(flat(refused.stderr)).toContain('Not changed: `channels[0].interests` in digest.config.yaml sets the interests, and only the file can change it.');
    expect(flat(refused.stderr)).toContain(`change \`channels[0].interests\` in ${file} and restart the bot`);
    const pieces = await runCli(['command', 'settings pieces 5'], { cwd });
    expect(pieces.code).toBe(2);
    expect(pieces.stderr).toContain('channels[0].pieces');

    // The file stops stating them: the default comes back (said so), and chat may change them again.
    writeFileSync(file, JSON.stringify({ sources, channels: [console()] }));
    show = flat((await runCli(['command', 'settings show'], { cwd })).stdout);
    expect(show).toContain('Interests: none (default)');
    expect(show).toContain('Pieces per digest: 4 (default)');
    expect(show).toContain('(cron: chat; timezone: default)');
    expect((await runCli(['command', 'settings pieces 5'], { cwd })).code).toBe(0);
  }, 60_000);

  it('a config-declared source cannot be removed from chat (so it never comes back under a new id); removing it from the file ends it', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-declared-'));
    const file = path.join(cwd, 'digest.config.yaml');
    const a = path.join(SAMPLE_FEEDS_DIR, 'ahead-of-ml.xml');
    const b = path.join(SAMPLE_FEEDS_DIR, 'gradient-review.xml');
    writeFileSync(file, JSON.stringify({ sources: [{ url: a, weight: 2 }, { url: b }] }));
    const list = (await runCli(['command', 'sources list'], { cwd })).stdout;
    const id = new RegExp(`\`([0-9a-f]{8})\`[^\\n]*\\n\\s*${a}`).exec(list)?.[1];
    expect(id).toBeDefined();
    expect(flat(list)).toContain('from digest.config.yaml (sources[0]) · weight 2 (file: sources[0].weight) · full text on (default)');
    const remove = await runCli(['command', `sources remove ${id}`], { cwd });
    expect(remove.code).toBe(2);
    expect(flat(remove.stderr)).toMatch(/Not removed: `sources\[0\]` in digest\.config\.yaml gives this channel `[0-9a-f]{8}` \S+, and only the file can take it away\./);
    const weight = await runCli(['command', `sources set ${id} weight 5`], { cwd });
    expect(weight.code).toBe(2);
    expect(weight.stderr).toContain('sources[0].weight');
    // What the file does not state is chat's, and persists.
    expect((await runCli(['command', `sources set ${id} fulltext off`], { cwd })).code).toBe(0);
    expect((await runCli(['command', `sources pause ${id}`], { cwd })).code).toBe(0);
    expect(flat((await runCli(['command', 'sources list'], { cwd })).stdout)).toMatch(new RegExp(`\`${id}\` \\S+ — paused .* full text off \\(chat\\)`));

    writeFileSync(file, JSON.stringify({ sources: [{ url: b }] }));
    const after = (await runCli(['command', 'sources list'], { cwd })).stdout;
    expect(after).not.toContain(a);
    expect(after).toContain(b);
  }, 60_000);

  it('cron and language are checked at the CLI entry point like everywhere else', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-rules-'));
    const cron = await runCli(['command', 'schedule set 99 99 * * *'], { cwd });
    expect(cron.code).toBe(2);
    expect(cron.stderr).toContain('minute 99 is out of range 0–59');
    const language = await runCli(['command', 'settings language klingon'], { cwd });
    expect(language.code).toBe(2);
    expect(language.stderr).toContain('"klingon" is not a language Intl knows');
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ schedule: { cron: '0 25 * * *' }, summariser: { language: 'klingon' } }));
    const config = await runCli(['ingest'], { cwd });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('schedule.cron: "0 25 * * *" is not a valid cron expression: hour 25 is out of range 0–23');
    expect(config.stderr).toContain('summariser.language: "klingon" is not a language Intl knows');
  }, 60_000);
});
