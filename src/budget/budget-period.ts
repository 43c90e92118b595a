/** Budgets run per calendar month in UTC, so every instance and every workspace agrees on when a month starts. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** When the current month's budget resets. */
export function nextMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** "1 May 2026", for "resets on …". */
export function formatDay(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "1,234,567". */
export function formatTokens(tokens: number): string {
  return Math.round(tokens).toLocaleString('en-GB');
}
