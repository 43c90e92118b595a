/** An admin's filter rule shown as code, so its regex characters are not read as markup; a backtick in it cannot end the span. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, 'ʹ')}\``;
}
