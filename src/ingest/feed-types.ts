/** One feed item as the feed gave it, before normalisation. All text is untrusted. */
export interface RawFeedItem {
  /** RSS guid, Atom id, RDF rdf:about or JSON Feed id: the item's identity within its feed. */
  guid: string | null;
  /** The item's web address: absolute http(s), or null. */
  link: string | null;
  /** Why the item's link was dropped (not http(s) after resolution); the item is kept without one. */
  linkProblem: string | null;
  /** Plain text (markup in HTML-typed titles already removed). */
  title: string;
  /** Every author, in document order (Atom entries without one inherit the feed's). */
  authors: string[];
  contributors: string[];
  /** The date text as published (published, issued, pubDate, dc:date, then updated); may be unreadable. */
  dateText: string | null;
  /** Content (or summary) as HTML. */
  html: string;
  /** What relative URLs inside `html` resolve against (xml:base in effect, else the document's base). */
  contentBase: string | null;
}

/** A parsed feed: its title and items, links already absolute. */
export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title: string | null;
  link: string | null;
  items: RawFeedItem[];
}
