import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';

/** How far a request's timestamp may differ from the bot's clock, either way (Slack's own rule: five minutes). */
export const SIGNATURE_WINDOW_S = 5 * 60;

/**
 * Bolt's HTTPReceiver, refusing a request whose X-Slack-Request-Timestamp is more than five minutes in the future
 * as it already refuses one more than five minutes in the past: Bolt checks only staleness, so a signed request
 * captured with a forward-dated timestamp (or signed by a clock far ahead) would otherwise stay replayable until
 * that time. Answered 401 with no body, like Bolt's other verification failures; the signature itself is still
 * checked by Bolt.
 */
export function createStrictHttpReceiver(options: HTTPReceiverOptions & { now?: () => number }): HTTPReceiver {
  const now = options.now ?? Date.now;
  const receiver = new HTTPReceiver(options);
  const verifyAndHandle = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(timestamp) && timestamp > Math.floor(now() / 1000) + SIGNATURE_WINDOW_S) {
      options.logger?.warn(`Refused a request whose x-slack-request-timestamp is more than ${SIGNATURE_WINDOW_S / 60} minutes in the future`);
      req.resume();
      res.writeHead(401).end();
      return;
    }
    verifyAndHandle(req, res);
  };
  return receiver;
}
