const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

/**
 * A readable name for a BCP 47 code, for prompts: `fr` → `French (fr)`, `en-GB` → `British English (en-GB)`.
 * Small models follow "French" far more reliably than a bare code. A code Intl does not know, or an
 * invalid tag (Intl throws RangeError), falls back to the code itself, quoted and cut short so a bad
 * config value cannot add lines to the prompt.
 */
export function languageName(code: string): string {
  try {
    const canonical = Intl.getCanonicalLocales(code)[0] ?? code;
    const name = displayNames.of(canonical);
    // Unknown but well-formed codes come back unchanged (fallback: 'code'): nothing readable to add.
    if (name !== undefined && name.toLowerCase() !== canonical.toLowerCase()) return `${name} (${canonical})`;
    return JSON.stringify(canonical);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(code.slice(0, 35));
  }
}
