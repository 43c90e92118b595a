import { describe, expect, it } from 'vitest';
import { createMarkerSpotter, recogniseBotWall } from '../../src/ingest/bot-wall.ts';
import { reducePageHtml } from '../../src/ingest/page-reader.ts';
import { articlePage, CLOUDFLARE_CHALLENGE } from '../fakes/hostile-page-server.ts';

function verdict(html: string, status = 200, headers: Record<string, string> = {}) {
  const spotter = createMarkerSpotter();
  const page = reducePageHtml(html, undefined, spotter.spot);
  return recogniseBotWall({ status, headers, title: page.title, text: page.textSample, words: page.words, markers: spotter.markers });
}

describe('recogniseBotWall', () => {
  it("recognises Cloudflare's challenge as a 403 and as a 200, by header, title or script", () => {
    expect(verdict(CLOUDFLARE_CHALLENGE, 403, { 'cf-mitigated': 'challenge' })).toMatchObject({ vendor: 'Cloudflare' });
    expect(verdict(CLOUDFLARE_CHALLENGE, 503)).toMatchObject({ vendor: 'Cloudflare' });
    expect(verdict(CLOUDFLARE_CHALLENGE.replace('Just a moment...', 'blog.example'), 200)).toMatchObject({ vendor: 'Cloudflare', evidence: expect.stringMatching(/_cf_chl_opt|orchestrate|challenge-error-text/) });
  });

  it('recognises captcha interstitials and "enable JavaScript" walls of other vendors', () => {
    expect(verdict('<html><head><title>example.com</title></head><body><script src="https://ct.captcha-delivery.com/c.js"></script><p>Please enable JS and disable any ad blocker</p></body></html>', 403)).toMatchObject({
      vendor: 'DataDome',
    });
    expect(verdict('<html><head><title>Access to this page has been denied</title></head><body><div id="px-captcha"></div><p>Press &amp; Hold to confirm you are a human (and not a bot).</p></body></html>', 403)).toMatchObject({
      vendor: 'HUMAN (PerimeterX)',
    });
    expect(verdict('<html><body><form action="/verify"><div class="g-recaptcha" data-sitekey="abc"></div></form><p>Our systems have detected unusual traffic from your computer network.</p></body></html>')).toMatchObject({
      vendor: 'a captcha',
    });
    expect(verdict('<html><head><title>Loading</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>')).toMatchObject({ vendor: 'a bot check' });
    expect(verdict('<html><head><title>Are you a robot?</title></head><body>x</body></html>')).toMatchObject({ vendor: 'a bot check' });
  });

  it("leaves real articles alone, even with a noscript notice, a comment captcha or Cloudflare's ordinary bot script", () => {
    const article = articlePage('an ordinary post').replace('</article>', '</article><noscript>Please enable JavaScript to view the comments.</noscript>'
      + '<div class="g-recaptcha" data-sitekey="k"></div><script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>');
    expect(verdict(article)).toBeNull();
    expect(verdict(articlePage('a post about captcha design and JavaScript'))).toBeNull();
  });

  it('calls a plain refusal a refusal, not a wall', () => {
    expect(verdict('<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>', 403)).toBeNull();
    expect(verdict('', 404)).toBeNull();
  });
});
