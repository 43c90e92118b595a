// The hostile-pages workload shared by full-text.bench.ts (which serves it) and full-text-hostile-run.ts (which ingests it).
import { articlePage, CLOUDFLARE_CHALLENGE, excerptFeed, type HostilePageServer } from '../tests/fakes/hostile-page-server.ts';

export type Scenario = 'hostile' | 'benign';

const MB = 1024 * 1024;

/** Five sources: four that are hostile in the hostile run (ordinary in the benign one) and one ordinary source. */
export const SOURCES: { name: string; host: string; path: (scenario: Scenario) => string }[] = [
  { name: 'Podcast (130 items, one 9 MB page)', host: 'podcast.test', path: (s) => `/feed/podcast/${s}` },
  { name: 'Huge pages (10 × 9.8 MB)', host: 'huge.test', path: (s) => `/feed/huge/${s}` },
  { name: 'Slow drip (5 pages)', host: 'drip.test', path: (s) => `/feed/drip/${s}` },
  { name: 'Bot wall (5 pages)', host: 'walled.test', path: (s) => `/feed/walled/${s}` },
  { name: 'Ordinary blog (20 pages)', host: 'ordinary.test', path: () => '/feed/ordinary' },
];

/** Routes both scenarios on one server. */
export function serveScenarios(web: HostilePageServer): void {
  const at = (host: string, path: string): string => web.url(host, path);
  const items = (n: number, link: (i: number) => string) => Array.from({ length: n }, (_, i) => ({ guid: `${i}`, link: link(i) }));
  for (let i = 0; i < 20; i++) web.route(`/page/${i}`, { kind: 'static', body: articlePage(`ordinary page ${i}`, 24) });
  const benign = (n: number, host: string) => excerptFeed(host, items(n, (i) => at(`${host}${i}.test`, `/page/${i % 20}`)));

  web.route('/show', { kind: 'huge', bytes: 9 * MB });
  web.route('/feed/podcast/hostile', { kind: 'static', body: excerptFeed('Podcast', items(130, (i) => at('show.test', `/show#ep-${i}`))) });
  web.route('/feed/podcast/benign', { kind: 'static', body: benign(130, 'episode') });

  for (let i = 0; i < 10; i++) web.route(`/huge/${i}`, { kind: 'huge', bytes: 9.8 * MB, words: `huge page ${i}` });
  web.route('/feed/huge/hostile', { kind: 'static', body: excerptFeed('Huge', items(10, (i) => at(`huge${i}.test`, `/huge/${i}`))) });
  web.route('/feed/huge/benign', { kind: 'static', body: benign(10, 'big') });

  for (let i = 0; i < 5; i++) web.route(`/drip/${i}`, { kind: 'drip', gapMs: 200 });
  web.route('/feed/drip/hostile', { kind: 'static', body: excerptFeed('Drip', items(5, (i) => at('slow.test', `/drip/${i}`))) });
  web.route('/feed/drip/benign', { kind: 'static', body: benign(5, 'slowish') });

  web.route('/wall', { kind: 'static', status: 403, headers: { 'cf-mitigated': 'challenge' }, body: CLOUDFLARE_CHALLENGE });
  web.route('/feed/walled/hostile', { kind: 'static', body: excerptFeed('Walled', items(5, (i) => at(`wall${i}.test`, '/wall'))) });
  web.route('/feed/walled/benign', { kind: 'static', body: benign(5, 'open') });

  web.route('/feed/ordinary', { kind: 'static', body: excerptFeed('Ordinary', items(20, (i) => at(`ordinary${i}.test`, `/page/${i}`))) });
}
