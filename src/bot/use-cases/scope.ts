import type { Channel } from '../../domain/channel.ts';
import type { Subscription } from '../../domain/subscription.ts';
import type { ChannelStore } from '../../store/ports/channels.ts';
import type { SubscriptionStore } from '../../store/ports/subscriptions.ts';
import type { Actor } from '../actor.ts';
import { closest } from '../../text/closest.ts';
import { notFound } from '../errors.ts';

/** The channels an actor may see and act on; undefined for "every channel" (the operator). */
export async function channelsInScope(store: ChannelStore, actor: Actor): Promise<Channel[] | undefined> {
  if (actor.kind === 'operator') {
    if (actor.channelIds === undefined) return undefined;
    const channels = await Promise.all(actor.channelIds.map((id) => store.getChannel(id)));
    const missing = actor.channelIds.filter((_, i) => channels[i] === undefined);
    if (missing.length > 0) throw notFound(`There is no channel ${missing.map((id) => `\`${id}\``).join(', ')}.`, '`digest sources list` shows the channels.');
    return channels.filter((c): c is Channel => c !== undefined);
  }
  if (actor.scope === 'channel') return [actor.channel];
  const { platform, workspaceId } = actor.channel.ref;
  return (await store.listChannels()).filter((c) => c.ref.platform === platform && c.ref.workspaceId === workspaceId);
}

/** The subscriptions an actor may see and act on, in the order they were made. */
export async function subscriptionsInScope(store: ChannelStore & SubscriptionStore, actor: Actor): Promise<Subscription[]> {
  const channels = await channelsInScope(store, actor);
  return store.listSubscriptions(channels === undefined ? undefined : { channelIds: channels.map((c) => c.id) });
}

/**
 * One subscription by exact id or unique id prefix, among those the actor may act on only: another workspace's
 * ids never match, and the did-you-mean suggestion is drawn from the actor's own ids.
 */
export async function findSubscription(store: ChannelStore & SubscriptionStore, actor: Actor, id: string): Promise<Subscription> {
  const visible = await subscriptionsInScope(store, actor);
  const wanted = id.trim().toLowerCase();
  const exact = visible.find((s) => s.id.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const byPrefix = wanted === '' ? [] : visible.filter((s) => s.id.toLowerCase().startsWith(wanted));
  if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
  const where = actor.kind === 'operator' ? '' : actor.scope === 'channel' ? ' in this channel' : ' in this workspace';
  const list = actor.kind === 'operator' ? '`digest sources list`' : '`/digest sources list`';
  if (byPrefix.length > 1) throw notFound(`\`${id}\` starts ${byPrefix.length} source ids${where}: ${byPrefix.map((s) => `\`${s.id}\``).join(', ')}.`, 'Type more of the id.');
  const guess = closest(wanted, visible.map((s) => s.id.toLowerCase()));
  throw notFound(`There is no source with id \`${id.slice(0, 64)}\`${where}.${guess === undefined ? '' : ` Did you mean \`${guess}\`?`}`, `${list} shows the ids.`);
}
