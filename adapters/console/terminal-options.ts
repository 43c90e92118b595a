/** What the caller knows about the output stream; the lead passes NO_COLOR from the env module. */
export interface TerminalFacts {
  isTTY: boolean;
  columns?: number | undefined;
  /** NO_COLOR as read from the environment: any non-empty string (or true) turns colour off. */
  noColor?: boolean | string | undefined;
}

/** How a digest is rendered on this stream. */
export interface TerminalOptions {
  width: number;
  color: boolean;
}

/** Width used when the stream is not a terminal (a pipe or a file). */
export const DEFAULT_WIDTH = 80;
/** Long lines are hard to read even on a wide terminal. */
export const MAX_WIDTH = 100;
/** Below this, wrapping does more harm than good. */
export const MIN_WIDTH = 30;

/** Colour only on a TTY without NO_COLOR; width from the terminal, clamped to a readable measure. */
export function terminalOptions(facts: TerminalFacts): TerminalOptions {
  const noColor = facts.noColor === true || (typeof facts.noColor === 'string' && facts.noColor !== '');
  const columns = facts.isTTY && facts.columns !== undefined && Number.isFinite(facts.columns) && facts.columns > 0
    ? Math.floor(facts.columns)
    : DEFAULT_WIDTH;
  return {
    width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, columns)),
    color: facts.isTTY && !noColor,
  };
}
