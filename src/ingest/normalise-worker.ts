// The normaliser thread (item-normaliser.ts): one feed's raw items in, their pieces or errors out, in order.
import { parentPort } from 'node:worker_threads';
import { normaliseOne, type NormaliseRequest, type NormaliseResponse } from './item-normaliser.ts';

parentPort?.on('message', (request: NormaliseRequest) => {
  const results = request.items.map((raw) => normaliseOne(raw, request.context));
  parentPort?.postMessage({ id: request.id, results } satisfies NormaliseResponse);
});
