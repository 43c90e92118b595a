import { z } from 'zod';

/** The one timezone rule: an IANA name Intl can format dates in. */
export function isIanaTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ianaTimezone = z.string().refine(isIanaTimezone, 'is not an IANA timezone (e.g. "Europe/London")');
