import { defineSubcommand, option } from '../../commands/define-command.ts';
import { okReply } from '../../commands/reply.ts';

defineSubcommand({
  name: 'x',
  description: 'x',
  permission: 'member',
  options: [option.integer('n', 'n', { required: true }), option.string('s', 's'), option.choice('c', 'c', ['a', 'b'], { required: true })],
  async run(args) {
    const n: number = args.n;
    // @ts-expect-error optional string may be undefined
    const s: string = args.s;
    const c: 'a' | 'b' = args.c;
    // @ts-expect-error no such option
    void args.missing;
    return okReply(`${n}${s}${c}`);
  },
});
