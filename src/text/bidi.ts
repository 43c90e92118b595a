import { toWellFormed } from './well-formed.ts';

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

/**
 * C0 controls but tab and newline, DEL and C1 controls (invisible, or terminal commands, never text), and the two
 * private-use characters that bracket literal text in command replies (src/text/literal-text.ts).
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /\r\n?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ue000\ue001]/g;

/**
 * Text safe to render anywhere: bidi embedding, override and isolate controls removed, other control characters
 * removed (a carriage return becomes a newline), and lone surrogates (which no platform can encode) replaced.
 * Applied where each adapter escapes text, after command replies' literal brackets were read.
 */
export function cleanRenderedText(text: string): string {
  return toWellFormed(stripBidiControls(text).replace(CONTROLS, (c) => (c.startsWith('\r') ? '\n' : '')));
}
