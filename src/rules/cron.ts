import nodeCron from 'node-cron';
import { z } from 'zod';
import { nextSlots } from '../schedule/cron-slots.ts';

/** What checking a cron expression found: the expression with its spacing normalised, or the problem in words. */
export type CronCheck = { ok: true; expression: string } | { ok: false; problem: string };

const FIELDS = {
  minute: { label: 'minute', min: 0, max: 59 },
  hour: { label: 'hour', min: 0, max: 23 },
  dayOfMonth: { label: 'day of month', min: 1, max: 31 },
  month: { label: 'month', min: 1, max: 12 },
  dayOfWeek: { label: 'day of week', min: 0, max: 7 },
} as const;

export const CRON_EXAMPLE = '"0 9 * * 1-5" (09:00 on weekdays)';

/**
 * The one cron rule, used by the config schema, the commands and the scheduler: five fields (minute hour
 * day-of-month month day-of-week) as node-cron's own parser reads them, naming the field at fault
 * (`minute 99 is out of range 0–59`), and an expression that fires at least once in the next four years.
 */
export function checkCron(input: string, now: Date = new Date()): CronCheck {
  const expression = input.trim().replace(/\s+/g, ' ');
  if (expression === '') return { ok: false, problem: `is empty; expected five fields (minute hour day-of-month month day-of-week), e.g. ${CRON_EXAMPLE}` };
  const fields = expression.split(' ');
  if (fields.length !== 5) {
    return { ok: false, problem: `has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}; expected five (minute hour day-of-month month day-of-week), e.g. ${CRON_EXAMPLE}` };
  }
  const result = nodeCron.validateDetailed(expression);
  const [error] = result.errors;
  if (!result.valid || error !== undefined) return { ok: false, problem: describeFieldError(error) };
  if (nextSlots(expression, 'UTC', now, 1).length === 0) {
    return { ok: false, problem: 'never fires: its day of month and day of week never fall on the same date (both must match)' };
  }
  return { ok: true, expression };
}

function describeFieldError(error: { field: string; value?: string; message: string } | undefined): string {
  if (error === undefined) return `is not a valid cron expression, e.g. ${CRON_EXAMPLE}`;
  if (error.field === 'expression') return `has characters a cron expression cannot have; use digits, * , - / and names such as MON or JAN`;
  const field = FIELDS[error.field as keyof typeof FIELDS];
  if (field === undefined) return error.message;
  const value = error.value ?? '';
  if (/impossible day of month/.test(error.message)) return `day of month ${value} never occurs in the months it names`;
  const outOfRange = (value.match(/\d+/g) ?? []).map(Number).find((n) => n < field.min || n > field.max);
  if (outOfRange !== undefined) return `${field.label} ${outOfRange} is out of range ${field.min}–${field.max}`;
  return `${field.label} "${value}" is not valid: use a number ${field.min}–${field.max}, *, a range a-b, a list a,b or a step */n`;
}

/** The cron rule as a zod schema (config file, command options): the normalised expression, or the problem. */
export const cronExpression = z.string().transform((value, ctx) => {
  const check = checkCron(value);
  if (check.ok) return check.expression;
  ctx.addIssue({ code: 'custom', message: /^(is|has|never) /.test(check.problem) ? check.problem : `is not a valid cron expression: ${check.problem}` });
  return z.NEVER;
});
