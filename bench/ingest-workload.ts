// The 200-feed workload of issue 14: full-content feeds shaped like Substack, Ghost, LessWrong and BAIR feeds,
// 50–800 KB each, with text distinct per feed (seeded per feed and item) so nothing folds as a duplicate.

const VOCABULARY = (
  'the of and to in a is that for on with as by this we are it from be at an our which model models not or can has have '
  + 'alignment reward policy gradient interpretability circuit neuron attention transformer oversight debate evaluation '
  + 'benchmark dataset training inference scaling law compute agent planning robustness adversarial example feature probe '
  + 'sparse autoencoder representation language vision reinforcement learning human feedback preference optimisation loss '
  + 'objective deception honesty safety capability generalisation distribution shift token context window retrieval memory '
  + 'layer residual stream head embedding logit softmax temperature sampling decoding prompt instruction tuning fine pretraining '
  + 'corpus synthetic data filter quality mixture curriculum batch learning rate schedule warmup decay optimizer adam momentum '
  + 'weight norm regularisation dropout overfitting validation test accuracy precision recall score metric leaderboard baseline '
  + 'ablation experiment result finding hypothesis evidence argument claim assumption limitation future work related paper '
  + 'author reviewer conference workshop preprint arxiv code release open source license checkpoint parameter billion million '
  + 'hardware accelerator memory bandwidth latency throughput kernel fusion quantisation distillation pruning sparsity mixture '
  + 'expert router load balance capacity factor chain thought reasoning math proof verifier search tree monte carlo value '
  + 'function critic actor environment simulator robot manipulation navigation game chess go poker strategy equilibrium '
  + 'market economics labour productivity automation forecast timeline takeoff governance policy regulation audit red team '
  + 'jailbreak refusal harmful content classifier monitor trace log incident response disclosure responsible scaling '
  + 'frontier lab startup product user customer engineer researcher team organisation community forum post comment'
).split(' ');

/** A small, fast, seeded PRNG (mulberry32): the workload is identical on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rand: () => number, feed: number): string {
  const sentences = 3 + Math.floor(rand() * 4);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    let s = sentence(rand, 10 + Math.floor(rand() * 14));
    const roll = rand();
    if (roll < 0.25) s = s.replace(/^(\S+ \S+)/, `<a href="https://site${feed}.example/notes/${Math.floor(rand() * 1e6)}" rel="noopener">$1</a>`);
    else if (roll < 0.35) s = s.replace(/ (\S+ \S+) /, ' <em>$1</em> ');
    else if (roll < 0.42) s = s.replace(/ (\S+) /, ' <strong>$1</strong> ');
    parts.push(s);
  }
  return `<p>${parts.join(' ')}</p>`;
}

/** One article body of about `bytes` characters, in the markup real publishing platforms emit. */
function articleHtml(rand: () => number, feed: number, item: number, bytes: number, style: number): string {
  const blocks: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    let block: string;
    const roll = rand();
    if (n > 0 && roll < 0.06) block = `<h2>${sentence(rand, 5)}</h2>`;
    else if (roll < 0.1) {
      block = style === 0
        ? `<div class="captioned-image-container"><figure><a class="image-link image2 is-viewable-img" target="_blank" href="https://substackcdn.example/image/${feed}-${item}-${n}.png" data-component-name="Image2ToDOM"><div class="image2-inset"><picture><source type="image/webp" srcset="https://substackcdn.example/w_424/${feed}-${item}-${n}.webp 424w, https://substackcdn.example/w_848/${feed}-${item}-${n}.webp 848w" sizes="100vw"><img src="https://substackcdn.example/w_1456/${feed}-${item}-${n}.png" width="1456" height="816" alt="" loading="lazy"></picture></div></a><figcaption class="image-caption">${
          sentence(rand, 8)
        }</figcaption></figure></div>`
        : `<figure class="kg-card kg-image-card kg-card-hascaption"><img src="/content/images/2026/03/${feed}-${item}-${n}.png" class="kg-image" alt="${
          sentence(rand, 4)
        }" loading="lazy" width="2000" height="1125"><figcaption><span style="white-space: pre-wrap;">${sentence(rand, 8)}</span></figcaption></figure>`;
    } else if (roll < 0.13) block = `<pre><code class="language-python">def step_${n}(x):\n    return x * ${Math.floor(rand() * 100)} + ${Math.floor(rand() * 100)}  # ${sentence(rand, 6)}\n</code></pre>`;
    else if (roll < 0.16) block = `<blockquote><p>${sentence(rand, 18)}</p></blockquote>`;
    else if (roll < 0.2) block = `<ul>${Array.from({ length: 3 + Math.floor(rand() * 3) }, () => `<li>${sentence(rand, 9)}</li>`).join('')}</ul>`;
    else block = paragraph(rand, feed);
    blocks.push(block);
    size += block.length;
    n++;
  }
  return blocks.join('\n');
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface WorkloadFeed {
  path: string;
  body: string;
}

/**
 * Feed `index` of the workload, about `targetBytes` long. Four shapes in turn: Substack (RSS 2.0, content:encoded),
 * Ghost (RSS 2.0 with relative image URLs), LessWrong (RSS 2.0, escaped HTML in description), BAIR-like Atom.
 */
export function workloadFeed(index: number, targetBytes: number): WorkloadFeed {
  const rand = prng(index * 7919 + 17);
  const style = index % 4;
  const itemCount = style === 1 ? 15 : 20;
  const perItem = Math.max(2000, Math.floor(targetBytes / itemCount) - 600);
  const host = `https://site${index}.example`;
  const items: string[] = [];
  for (let i = 0; i < itemCount; i++) {
    const title = sentence(rand, 6 + Math.floor(rand() * 6)).slice(0, -1);
    const html = articleHtml(rand, index, i, perItem, style);
    const date = new Date(Date.UTC(2026, 2, 30, 9, 0, 0) - (index * 37 + i) * 3_600_000);
    const slug = `post-${index}-${i}`;
    if (style === 3) {
      items.push(`<entry><title>${escapeXml(title)}</title><link href="${host}/blog/${slug}/" rel="alternate" type="text/html"/>`
        + `<published>${date.toISOString()}</published><updated>${date.toISOString()}</updated><id>${host}/blog/${slug}</id>`
        + `<author><name>Author ${i % 5}</name></author><author><name>Author ${(i + 1) % 5}</name></author>`
        + `<content type="html">${escapeXml(html)}</content></entry>`);
    } else if (style === 2) {
      items.push(`<item><title>${escapeXml(title)}</title><link>${host}/posts/${slug}</link><guid isPermaLink="false">${index}x${i}</guid>`
        + `<dc:creator>Author ${i % 5}</dc:creator><pubDate>${date.toUTCString()}</pubDate><description>${escapeXml(html)}</description></item>`);
    } else {
      items.push(`<item><title><![CDATA[${title}]]></title><description><![CDATA[${sentence(rand, 20)}]]></description><link>${host}/p/${slug}</link>`
        + `<guid isPermaLink="${style === 0 ? 'false' : 'true'}">${style === 0 ? `${host}/p/${slug}` : `${index}-${i}`}</guid><dc:creator><![CDATA[Author ${i % 5}]]></dc:creator>`
        + `<pubDate>${date.toUTCString()}</pubDate><enclosure url="${host}/img/${slug}.jpg" length="0" type="image/jpeg"/>`
        + `<content:encoded><![CDATA[${html}]]></content:encoded></item>`);
    }
  }
  const body = style === 3
    ? `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Site ${index}</title><link href="${host}/" rel="alternate"/>`
      + `<link href="${host}/feed.xml" rel="self"/><updated>2026-03-30T09:00:00Z</updated><id>${host}/</id>\n${items.join('\n')}\n</feed>\n`
    : `<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" `
      + `xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel><title><![CDATA[Site ${index}]]></title><description>Notes ${index}</description>`
      + `<link>${host}/</link><atom:link href="${host}/feed" rel="self" type="application/rss+xml"/><lastBuildDate>Mon, 30 Mar 2026 09:00:00 GMT</lastBuildDate>\n`
      + `${items.join('\n')}\n</channel></rss>\n`;
  return { path: `/feed/${index}.xml`, body };
}

/** The whole workload: `count` feeds, sizes spread evenly over 50–800 KB (about 85 MB for 200). */
export function workload(count = 200): WorkloadFeed[] {
  const sizeRand = prng(4242);
  return Array.from({ length: count }, (_, i) => workloadFeed(i, Math.floor((50 + sizeRand() * 750) * 1024)));
}
