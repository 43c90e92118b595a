import { describe, expect, it } from 'vitest';
import { createConsolePoster } from '../../../adapters/console/console-poster.ts';
import { terminalOptions } from '../../../adapters/console/terminal-options.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { newStep } from '../digest-poster-contract.ts';
import { digestOf, llmPiece, offlinePiece } from './digest-fixture.ts';

const channel: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'default' };

describe('createConsolePoster', () => {
  it('prints the header, then each piece, with sequential ids and no real thread', async () => {
    const out: string[] = [];
    const poster = createConsolePoster({ write: (s) => out.push(s), width: 72, color: false });
    const digest = digestOf([llmPiece(1), offlinePiece(2)]);
    const header = await poster.postHeader(channel, digest, newStep());
    const thread = await poster.openThread(channel, header, digest, newStep());
    const first = await poster.postPiece(channel, thread, digest, digest.pieces[0]!, newStep());
    const second = await poster.postPiece(channel, thread, digest, digest.pieces[1]!, newStep());
    expect(poster.platform).toBe('console');
    expect(header.id).toBe('1');
    expect(thread).toEqual({ id: '1', fallback: false });
    expect(first.map((m) => m.id)).toEqual(['2']);
    expect(second.map((m) => m.id)).toEqual(['3']);
    expect(out[0]).toContain('AI Research Digest — 22 November 2026');
    expect(out[0]).toMatch(/1\. Reward hacking/);
    expect(out[0]).toContain('Summarised offline');
    expect(out[1]).toContain('Why it matters');
    expect(out[2]).not.toContain('Why it matters');
    expect(out.join('')).not.toContain('\u001b');
    const alert = await poster.postAlert(channel, 'Source "X" is failing');
    expect(alert.id).toBe('4');
    expect(out[3]).toContain('Source "X" is failing');
  });
});

describe('terminalOptions', () => {
  it('colours a TTY unless NO_COLOR is set', () => {
    expect(terminalOptions({ isTTY: true, columns: 90 })).toEqual({ width: 90, color: true });
    expect(terminalOptions({ isTTY: true, columns: 90, noColor: '1' }).color).toBe(false);
    expect(terminalOptions({ isTTY: true, columns: 90, noColor: true }).color).toBe(false);
    expect(terminalOptions({ isTTY: true, columns: 90, noColor: '' }).color).toBe(true);
  });
  it('never colours a pipe and uses 80 columns for it', () => {
    expect(terminalOptions({ isTTY: false, columns: 200 })).toEqual({ width: 80, color: false });
  });
  it('clamps the width to a readable range', () => {
    expect(terminalOptions({ isTTY: true, columns: 300 }).width).toBe(100);
    expect(terminalOptions({ isTTY: true, columns: 10 }).width).toBe(30);
    expect(terminalOptions({ isTTY: true }).width).toBe(80);
  });
});
