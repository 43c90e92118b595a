/** A token count with the locale's digit grouping: 2,000,000 / 2.000.000 / 2 000 000. */
export function tokens(count: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(Math.round(count));
}
