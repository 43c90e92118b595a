/** A paper id: new style (2401.12345, 0704.0001) or old style (hep-th/9901001, math.GT/0309136), with an optional version. */
const ARXIV_ID = /^((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(v\d+)?$/;
const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);

/** Where an arXiv paper's full text and abstract live. */
export interface ArxivPaper {
  /** The id as linked, version included when there was one (e.g. `2401.12345v2`). */
  id: string;
  /** `https://arxiv.org/html/<id>`: the paper as HTML (LaTeXML), for papers that have it. */
  htmlUrl: string;
  /** `https://arxiv.org/abs/<id>`: the abstract page, the fallback when a paper has no HTML. */
  abstractUrl: string;
}

/**
 * The paper behind an arXiv abstract or PDF link (`arxiv.org/abs/<id>`, `/pdf/<id>[.pdf]`, any version suffix,
 * also on export.arxiv.org); null for any other URL. Their text in a feed is only the abstract. `origin` is where
 * arXiv is reached (tests point it at a fake server).
 */
export function arxivPaper(url: string, origin = 'https://arxiv.org'): ArxivPaper | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(parsed.protocol) || !ARXIV_HOSTS.has(parsed.hostname.toLowerCase())) return null;
  const match = /^\/(abs|pdf)\/(.+?)(?:\.pdf)?\/?$/.exec(decodeURIComponent(parsed.pathname));
  if (!match) return null;
  const id = match[2]!;
  if (!ARXIV_ID.test(id)) return null;
  return { id, htmlUrl: `${origin}/html/${id}`, abstractUrl: `${origin}/abs/${id}` };
}
