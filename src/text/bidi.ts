/**
 * The explicit bidirectional formatting characters: embeddings and overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069). One of them in a feed title can reorder what follows it on screen ("Trojan Source"):
 * a title can make the source name, a date or a link label read backwards. Natural text never needs them
 * to render correctly, so they are removed from everything rendered. The implicit marks (LRM U+200E,
 * RLM U+200F, ALM U+061C) stay: they cannot override or nest, and right-to-left languages use them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidirectional embedding, override and isolate controls. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
