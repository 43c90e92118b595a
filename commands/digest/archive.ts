import type { ChannelArchive } from '../../src/archive/channel-archive.ts';
import { defineSubcommand, option } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { archiveServiceOf } from './link.ts';

const ACTIONS = ['show', 'private', 'unlisted', 'public', 'off', 'rotate'] as const;

const WHO_CAN_READ: Record<ChannelArchive['visibility'], string> = {
  private: 'only people who have its private link can open it',
  unlisted: 'anyone with its address can open it; it is listed nowhere and search engines are asked not to index it',
  public: "it is listed on the archive's home page and open to search engines",
  off: 'it has no pages',
};

/** `/digest settings archive [show|private|unlisted|public|off|rotate]` (admin). */
export const archiveSettingsCommand = defineSubcommand({
  name: 'archive',
  description: "Who can read this channel's web archive (private, unlisted, public, off), or rotate its private link",
  permission: 'admin',
  options: [option.choice('action', 'show (default), private, unlisted, public, off, or rotate', ACTIONS)],
  async run(args, ctx) {
    const archive = archiveServiceOf(ctx);
    const action = args.action ?? 'show';
    const before = await archive.archiveOf(ctx.record);
    let after: ChannelArchive;
    if (action === 'show') after = before;
    else if (action === 'rotate') after = await archive.rotate(ctx.record);
    else after = await archive.setVisibility(ctx.record, action);

    const address = archive.addressOf(after);
    const where = address === null ? '' : address.url ?? `/${address.path} on the archive server (set web.publicUrl in the config for a full link)`;
    const lines: string[] = [];
    if (action === 'rotate') {
      lines.push(after.visibility === 'private'
        ? `New private link: ${where}\nThe old link stopped working; links to it in earlier digest headers no longer open.`
        : `The private link was replaced; it is used again once the archive is made private. Right now the archive is ${after.visibility}${address === null ? '' : `, at ${where}`}.`);
    } else if (after.visibility === 'off') {
      lines.push('This channel\'s web archive is **off**: its pages answer "not found" and digest headers no longer link to them.',
        '`/digest settings archive private` turns it back on with the same private link (`rotate` first for a new one).');
    } else {
      const changed = action !== 'show' && before.visibility !== after.visibility;
      lines.push(`This channel's web archive ${changed ? 'is now' : 'is'} **${after.visibility}**: ${WHO_CAN_READ[after.visibility]}.`, `Address: ${where}`);
      if (after.visibility === 'private') lines.push('`/digest settings archive rotate` replaces the link if it spread too far.');
    }
    return okReply(lines.join('\n'));
  },
});
