import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { option, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { isoDate, longDate } from './format.ts';

/** The `n` option shared by piece follow-ups. */
export const pieceNumberOption = option.integer('n', 'Piece number in the digest (1 is the first)', { required: true, min: 1, max: 10 });

/**
 * A piece of any stored edition, as one option (a free-text option such as ask's question must come last, so no
 * `digest` selector can follow it): `2` (the latest digest), `previous/2`, or `2026-11-20/2`.
 */
export const pieceReferenceOption = option.string('n', 'Piece number; previous/2 or 2026-11-20/2 for older', { required: true, maxLength: 16 });

/** Splits a piece reference into its digest selector (undefined: the latest) and piece number. */
export function parsePieceReference(reference: string): { selector: string | undefined; n: number } {
  const match = /^(?:(latest|previous|\d{4}-\d{2}-\d{2})\s*[/:#]\s*)?#?(\d{1,2})$/i.exec(reference.trim());
  if (match === null) {
    throw new CommandError(`\`n\` must be a piece number such as 2, or a digest and a number such as previous/2 or 2026-11-20/2; got "${reference.slice(0, 20)}".`);
  }
  return { selector: match[1], n: Number(match[2]) };
}

/** The optional `digest` selector: latest, previous, or a date. */
export const digestSelectorOption = option.string('digest', 'Which digest: latest (default), previous, or a date like 2026-11-20', { maxLength: 10 });

const HOW_MANY_FOR_DATES = 200;

/** A digest picked by a selector, with how to name it in replies. */
export interface PickedDigest {
  digest: Digest;
  /** "the latest digest", "the previous digest", "the digest of 20 November 2026" */
  label: string;
}

/** Finds the channel's digest named by `selector`; throws a CommandError the user can act on. */
export async function pickDigest(ctx: RunContext, selector: string | undefined): Promise<PickedDigest> {
  const { store } = ctx.services;
  const channelId = ctx.record.id;
  const timeZone = ctx.record.settings.timezone;
  const choice = (selector ?? 'latest').trim().toLowerCase();
  if (choice === 'latest' || choice === 'previous') {
    const offset = choice === 'latest' ? 0 : 1;
    const [digest] = await store.listDigests(channelId, { limit: 1, offset });
    if (digest !== undefined) return { digest, label: `the ${choice} digest` };
    if (offset === 0) throw noDigestYet();
    throw new CommandError('There is only one digest in this channel so far, so there is no previous one.');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(choice) || Number.isNaN(Date.parse(`${choice}T00:00:00Z`))) {
    throw new CommandError(`\`digest\` must be latest, previous or a date like 2026-11-20; got "${choice}".`);
  }
  const digests = await store.listDigests(channelId, { limit: HOW_MANY_FOR_DATES });
  if (digests.length === 0) throw noDigestYet();
  const digest = digests.find((d) => isoDate(d.createdAt, timeZone) === choice);
  if (digest === undefined) throw new CommandError(`There is no digest from ${choice} in this channel. \`/digest history\` lists the recent ones.`);
  return { digest, label: `the digest of ${longDate(digest.createdAt, timeZone)}` };
}

/** The piece at position `n`, or a CommandError saying how many there are. */
export function pickPiece(picked: PickedDigest, n: number): DigestPiece {
  const piece = picked.digest.pieces.find((p) => p.position === n);
  if (piece !== undefined) return piece;
  const count = picked.digest.pieces.length;
  throw new CommandError(`There is no piece ${n}: ${picked.label} has ${count} ${count === 1 ? 'piece' : 'pieces'}.`, { hint: count > 0 ? `Use a number from 1 to ${count}.` : undefined });
}

function noDigestYet(): CommandError {
  return new CommandError('There is no digest in this channel yet.', { hint: 'An admin can post one now with `/digest post`.' });
}
