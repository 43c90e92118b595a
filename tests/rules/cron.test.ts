import { describe, expect, it } from 'vitest';
import { checkCron, cronExpression } from '../../src/rules/cron.ts';

describe('checkCron: the one cron rule', () => {
  it.each([
    ['0 9 * * 1-5', '0 9 * * 1-5'],
    ['  30   7 * *   * ', '30 7 * * *'],
    ['*/15 * * * *', '*/15 * * * *'],
    ['0 9 1,15 * *', '0 9 1,15 * *'],
    ['0 9 * JAN-MAR MON', '0 9 * JAN-MAR MON'],
    ['0 9 L * *', '0 9 L * *'],
    ['0 9 * * 1#2', '0 9 * * 1#2'],
    ['0 0 29 2 *', '0 0 29 2 *'],
  ])('accepts %j', (input, expression) => {
    expect(checkCron(input)).toEqual({ ok: true, expression });
  });

  it.each([
    ['99 99 * * *', 'minute 99 is out of range 0–59'],
    ['0 25 * * *', 'hour 25 is out of range 0–23'],
    ['0 9 32 * *', 'day of month 32 is out of range 1–31'],
    ['0 9 0 * *', 'day of month 0 is out of range 1–31'],
    ['0 9 * 13 *', 'month 13 is out of range 1–12'],
    ['0 9 * * 8', 'day of week 8 is out of range 0–7'],
    ['0 5-70 * * *', 'hour 70 is out of range 0–23'],
    ['x 9 * * *', 'minute "x" is not valid'],
    ['0 9 31 2 *', 'day of month 31 never occurs in the months it names'],
    ['0 9 1 * 1#5', 'never fires'],
    ['0 9 * *', 'has 4 fields; expected five'],
    ['0 0 9 * * *', 'has 6 fields; expected five'],
    ['', 'is empty'],
    ['0 9 * * $', 'has characters a cron expression cannot have'],
  ])('refuses %j naming the field: %s', (input, problem) => {
    const check = checkCron(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toContain(problem);
  });

  it('as a schema, reads as a sentence after the value', () => {
    const parsed = cronExpression.safeParse('0 25 * * *');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('is not a valid cron expression: hour 25 is out of range 0–23');
    expect(cronExpression.parse(' 0  9 * * 1 ')).toBe('0 9 * * 1');
  });
});
