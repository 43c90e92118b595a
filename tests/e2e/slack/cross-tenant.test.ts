import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { describeOnEveryStore } from '../../store/every-store.ts';
import { servicesFor, startSlack, type RunningSlack } from './slack-harness.ts';

const PRIVATE_URL = 'https://private.team-a.example/feed.xml';
const TEAM_B = 'T0OTHERTEAM';
const CHANNEL_IN_B = 'C0BCHANNEL';

interface Respond {
  text?: string;
  response_type?: string;
}

describeOnEveryStore("Slack: an admin of workspace B cannot reach workspace A's subscriptions", (makeStore) => {
  let store: Store;
  let slack: RunningSlack;
  let counter = 0;

  /** `/digest <text>` from a workspace admin, as Slack sends it for that team. */
  const slash = async (team: string, channel: string, text: string): Promise<Respond> => {
    const id = `cross-${++counter}`;
    const body = new URLSearchParams(slack.slashBody({ text, id, user: 'U0ADMIN', channel }));
    body.set('team_id', team);
    const response = await slack.postSigned(body.toString());
    await response.text();
    return (await slack.fake.waitForResponse(id)).body as Respond;
  };

  beforeEach(async () => {
    store = await makeStore();
    slack = await startSlack({ services: servicesFor(store, { probe: () => ({ ok: true, title: 'Team A private notes', itemCount: 2 }) }), users: [{ id: 'U0ADMIN', is_admin: true }] });
  });
  afterEach(async () => {
    await slack.close();
    await store.close();
  });

  it("B can neither list, pause, resume, update nor remove A's subscription, and no answer shows A's id or URL", async () => {
    const teamA = slack.fake.teamId;
    expect((await slash(teamA, 'C0DIGESTA', `sources add ${PRIVATE_URL}`)).text).toContain('Added');
    const [mine] = await store.listSubscriptions({ channelIds: [`slack:${teamA}:C0DIGESTA`] });
    const id = mine!.id;
    const answers: Respond[] = [await slash(TEAM_B, CHANNEL_IN_B, 'sources list'), await slash(TEAM_B, CHANNEL_IN_B, 'sources list workspace')];
    for (const typed of [id, id.slice(0, 3)]) {
      for (const text of [`sources pause ${typed}`, `sources resume ${typed}`, `sources remove ${typed}`, `sources set ${typed} fulltext off`, `sources set ${typed} name Ours`]) {
        answers.push(await slash(TEAM_B, CHANNEL_IN_B, text));
      }
    }
    for (const answer of answers) {
      expect(answer.response_type).toBe('ephemeral');
      expect((answer.text ?? '').replaceAll(`\`${id}\``, '<typed>')).not.toContain(id);
      expect(answer.text).not.toContain(PRIVATE_URL);
      expect(answer.text).not.toContain('private notes');
    }
    expect(await store.getSubscription(id)).toMatchObject({ channelId: `slack:${teamA}:C0DIGESTA`, paused: false, fullText: true, nameOverride: null });
  });
});
