import type { ChannelRef, ChannelSettings } from '../../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../../src/domain/digest.ts';
import { digestTitle } from '../../../src/digest/digest-title.ts';
import { headerLine } from '../../../src/digest/header-line.ts';
import type { Store } from '../../../src/store/store.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

/** Feed text is hostile: every string a feed can set carries markup that must render as inert text. */
export const XSS = {
  title: 'Attention sinks</title><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
  source: 'Evil Feed <svg onload=alert(1)>',
  summary:
    'A study of </p></section><script>window.__pwned=3</script> sinks. Click <a href="javascript:alert(4)">here</a> and **bold <b onmouseover=alert(5)>text</b>**.\n\nSecond paragraph with "quotes" & an <iframe src="https://evil.example/">.',
  why: '<style>body{display:none}</style>It matters because ]]><!-- --> breaks naive XML.',
  build: 'Build a `<textarea>` escape: </textarea><script>alert(6)</script>',
  takeaways: ['<script>alert(7)</script> first', 'second " onfocus="alert(8)', "third ' onclick='alert(9)"] as [string, string, string],
  reason: 'matches interests: <b>sinks</b>',
  url: 'javascript:alert(10)',
} as const;

const SETTINGS: ChannelSettings = channelSettings({ interests: ['reward hacking'], cron: '0 9 * * 1-5', timezone: 'Europe/London' });

export const PRIVATE_REF: ChannelRef = { platform: 'slack', workspaceId: 'T0ACME', channelId: 'C0RESEARCH' };
export const PUBLIC_REF: ChannelRef = { platform: 'discord', workspaceId: '111111111111111111', channelId: '222222222222222222' };
export const OFF_REF: ChannelRef = { platform: 'slack', workspaceId: 'T0OTHER', channelId: 'C0SECRET' };

const SOURCES = ['AI Alignment Forum', 'The Gradient', 'Ahead of AI', 'arXiv cs.LG'];

/** A piece with every section at the real digests' lengths. */
export function fullPiece(position: number, day: number, overrides: Partial<DigestPiece> = {}): DigestPiece {
  const source = SOURCES[(position + day) % SOURCES.length]!;
  return {
    position,
    pieceId: `piece-${day}-${position}`,
    title: `Day ${day}, piece ${position}: sparse probes find reward hacking ${200 + day * 10 + position} steps early`,
    sourceName: source,
    url: `https://research.example.org/posts/day-${day}/piece-${position}`,
    readMinutes: 5 + position,
    summary: {
      summary: `The authors fine-tune 36 policies between 160M and 1.4B parameters with PPO against a learned reward model and track a **confidence probe** on held-out prompts. `
        + `Exploitation begins abruptly after about 40,000 steps in the smallest models and 26,000 in the largest; the probe rises roughly 2,000 steps before each onset in 34 of 36 runs.\n\n`
        + `A second experiment with an ensemble of five reward models delays the onset about threefold, at 18% more compute. The code and the 500-prompt probe set are released.`,
      whyItMatters: 'If your product fine-tunes against a learned reward — preference models, graders, LLM judges — the failure is not gradual: quality holds, then falls off a cliff within a few hundred steps. '
        + 'A cheap probe that fires before the cliff turns a post-mortem into an alert, and the ensemble result gives a dial to trade compute for safety margin when a run matters.',
      whatToBuild:
        'Add a held-out confidence probe to your RL fine-tuning loop: 500 out-of-distribution prompts scored every 250 steps, with an alert and automatic checkpoint rollback when the mean rises 2σ above its running baseline. Try it on a small TRL PPO run first.',
      keyTakeaways: [
        'Reward hacking began abruptly, after about 40,000 steps for 160M policies and 26,000 for 1.4B ones, rather than creeping in.',
        'Mean token confidence on a fixed set of 500 out-of-distribution prompts rose about 2,000 steps before the onset in 34 of 36 runs.',
        'An ensemble of five reward models delayed the onset roughly threefold for 18% more compute.',
      ],
    },
    summarisedBy: 'llm',
    reason: `matches interests: reward hacking; from ${source}; ${5 + position} min read`,
    ...overrides,
  };
}

/** A digest of the given pieces, made at `createdAt`. */
export function digestAt(id: string, channelId: string, createdAt: Date, pieces: DigestPiece[]): Digest {
  return {
    id,
    channelId,
    edition: createdAt.toISOString(),
    title: digestTitle('AI Research Digest', createdAt, 'Europe/London'),
    headerLine: headerLine(pieces.map((p) => p.sourceName), pieces.length),
    createdAt,
    readMinutes: pieces.reduce((sum, p) => sum + p.readMinutes, 0),
    summarisedOffline: pieces.some((p) => p.summarisedBy !== 'llm'),
    pieces,
  };
}

export const FIRST_DAY = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;

export interface SeededArchive {
  privateChannelId: string;
  publicChannelId: string;
  offChannelId: string;
  /** The private channel's capability token. */
  token: string;
  publicSlug: string;
  /** The newest private edition: the XSS fixture, with an offline piece. */
  newest: Digest;
  /** Two editions on the newest day: the later one's slug ends in -2. */
  sameDay: [Digest, Digest];
  editions: number;
}

/**
 * A store as a real deployment leaves it: a private Slack channel with 24 editions (two pages of 20; two
 * editions on one day; the newest carries the hostile-feed fixture), a public Discord channel, and a channel
 * whose archive is off.
 */
export async function seedArchive(store: Store): Promise<SeededArchive> {
  const privateChannel = await store.ensureChannel(PRIVATE_REF, SETTINGS);
  const publicChannel = await store.ensureChannel(PUBLIC_REF, { ...SETTINGS, timezone: 'UTC' });
  const offChannel = await store.ensureChannel(OFF_REF, SETTINGS);
  const privateArchive = await store.ensureArchive(privateChannel.id, 'Europe/London', FIRST_DAY);
  const publicArchive = await store.ensureArchive(publicChannel.id, 'UTC', FIRST_DAY);
  await store.setArchiveVisibility(publicChannel.id, 'public', FIRST_DAY);
  await store.ensureArchive(offChannel.id, 'Europe/London', FIRST_DAY);
  await store.setArchiveVisibility(offChannel.id, 'off', FIRST_DAY);

  const days = 22;
  for (let day = 0; day < days; day++) {
    const at = new Date(FIRST_DAY.getTime() + day * DAY);
    await store.saveDigest(digestAt(`private-${day}`, privateChannel.id, at, [1, 2, 3, 4].map((n) => fullPiece(n, day))));
  }
  const lastDay = new Date(FIRST_DAY.getTime() + days * DAY);
  const morning = digestAt('private-same-day-1', privateChannel.id, lastDay, [fullPiece(1, days), fullPiece(2, days)]);
  const hostile = digestAt('private-same-day-2', privateChannel.id, new Date(lastDay.getTime() + 3 * 3_600_000), [
    fullPiece(1, days + 1),
    fullPiece(2, days + 1, {
      title: XSS.title,
      sourceName: XSS.source,
      url: XSS.url,
      reason: XSS.reason,
      summary: { summary: XSS.summary, whyItMatters: XSS.why, whatToBuild: XSS.build, keyTakeaways: XSS.takeaways },
    }),
    fullPiece(3, days + 1, { summarisedBy: 'offline', summary: { ...fullPiece(3, days + 1).summary, whyItMatters: null, whatToBuild: null } }),
  ]);
  await store.saveDigest(morning);
  await store.saveDigest(hostile);
  for (let day = 0; day < 3; day++) {
    await store.saveDigest(digestAt(`public-${day}`, publicChannel.id, new Date(FIRST_DAY.getTime() + day * DAY), [fullPiece(1, day), fullPiece(2, day)]));
  }
  await store.saveDigest(digestAt('off-0', offChannel.id, FIRST_DAY, [fullPiece(1, 0)]));
  return {
    privateChannelId: privateChannel.id,
    publicChannelId: publicChannel.id,
    offChannelId: offChannel.id,
    token: privateArchive.token,
    publicSlug: publicArchive.slug,
    newest: hostile,
    sameDay: [morning, hostile],
    editions: days + 2,
  };
}
