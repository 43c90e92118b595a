import { DigestError } from '../errors.ts';

/**
 * Day, full month name and year of `date` as seen in `timeZone`, in `locale`'s own order. An
 * unknown timezone is the admin's to fix, so it is a DigestError with a hint rather than a RangeError.
 */
export function dateParts(date: Date, timeZone: string, locale: string): Intl.DateTimeFormatPart[] {
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).formatToParts(date);
  } catch (cause) {
    throw new DigestError(`unknown timezone "${timeZone}"`, { hint: 'Use an IANA timezone name such as "Europe/London" or "UTC".', cause });
  }
}

/** The locale's own long date (`30. März 2026`, `2026年3月30日`). */
export function longDate(date: Date, timeZone: string, locale: string): string {
  return dateParts(date, timeZone, locale).map((p) => p.value).join('');
}

/** Intl's plural category for `n` in `locale` (`one`, `other`, …). */
export function pluralOf(n: number, locale: string): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(n);
}

/** `5 hours ago`, `vor 2 Tagen`: hours under 48, days after. */
export function ago(ageHours: number, locale: string): string {
  const hours = Math.max(0, Math.round(ageHours));
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return hours < 48 ? format.format(-hours, 'hour') : format.format(-Math.round(hours / 24), 'day');
}
