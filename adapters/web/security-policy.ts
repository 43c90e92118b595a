/**
 * The archive's Content-Security-Policy: nothing but the site's own stylesheet and icon may load, no
 * script runs at all, forms post only to the site. Sent as a header and repeated in a <meta> element so a
 * static host that sets no headers still enforces it (frame-ancestors works only as a header).
 */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'";
export const HEADER_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;
