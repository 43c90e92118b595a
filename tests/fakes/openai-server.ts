import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake OpenAI server. */
export type FakeReply =
  | { kind: 'json'; body: unknown }
  | { kind: 'raw'; content: string }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'slow'; delayMs: number; then: FakeReply };

/** A chat completion request as the server received it. */
export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model?: unknown;
    messages?: { role: string; content: string }[];
    response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: Record<string, unknown> } };
  };
}

export interface FakeOpenAiServer {
  /** Base URL for the SDK, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests that broke the OpenAI contract the server checks; a test expects none. */
  problems: string[];
  /** Most requests the server was answering at once. */
  maxInFlight(): number;
  /** Appends scripted replies, answered in order. */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible POST /v1/chat/completions on 127.0.0.1 (port 0). It checks that each request
 * asks for a strict json_schema response format, answers from a scripted queue (then from
 * `fallbackReply`), records every request, and reports usage (≈4 characters per token).
 */
export interface FakeOpenAiOptions {
  fallbackReply?: (request: RecordedRequest) => FakeReply;
  /** Model ids GET /v1/models lists (and chat completions accept, when given); unset: any model, and a list of one. */
  models?: string[];
  /** When set, every request must carry `Authorization: Bearer <apiKey>`, else 401 as OpenAI answers it. */
  apiKey?: string;
  /** false: a server or model without structured outputs: a json_schema response_format is refused with a 400. */
  structuredOutputs?: boolean;
}

export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  let counter = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    void handle(req, res).catch((error: unknown) => {
      problems.push(`server error: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: (options.models ?? ['fake-model']).map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      problems.push(`unexpected ${req.method} ${req.url}`);
      sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      return;
    }
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
    } catch {
      problems.push('request body is not JSON');
      sendJson(res, 400, { error: { message: 'bad json', type: 'invalid_request_error' } });
      return;
    }
    const request: RecordedRequest = { path: req.url, authorization: req.headers.authorization, body };
    requests.push(request);
    if (options.models !== undefined && !options.models.includes(String(body.model))) {
      sendJson(res, 404, { error: { message: `The model \`${String(body.model)}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' } });
      return;
    }
    if (options.structuredOutputs === false && body.response_format?.type === 'json_schema') {
      sendJson(res, 400, { error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error', param: 'response_format', code: null } });
      return;
    }
    const problem = checkRequest(body);
    if (problem !== null) {
      problems.push(problem);
      sendJson(res, 400, { error: { message: problem, type: 'invalid_request_error' } });
      return;
    }
    const reply = queue.shift() ?? options.fallbackReply?.(request) ?? { kind: 'status', status: 500 };
    await answer(res, reply, body);
  }

  async function answer(res: ServerResponse, reply: FakeReply, body: RecordedRequest['body']): Promise<void> {
    switch (reply.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed || res.writableEnded) return;
        return answer(res, reply.then, body);
      case 'status': {
        const headers: Record<string, string> = {};
        // x-should-retry is left to the SDK's status rules (429 and 5xx retry).
        if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
        sendJson(res, reply.status, { error: { message: `scripted ${reply.status}`, type: 'server_error' } }, headers);
        return;
      }
      case 'json':
        return sendCompletion(res, body, JSON.stringify(reply.body), null);
      case 'raw':
        return sendCompletion(res, body, reply.content, null);
      case 'refusal':
        return sendCompletion(res, body, null, reply.refusal);
    }
  }

  function sendCompletion(res: ServerResponse, body: RecordedRequest['body'], content: string | null, refusal: string | null): void {
    counter += 1;
    const promptChars = (body.messages ?? []).reduce((sum, m) => sum + String(m.content).length, 0);
    const promptTokens = Math.ceil(promptChars / 4);
    const completionTokens = Math.ceil((content ?? refusal ?? '').length / 4);
    sendJson(res, 200, {
      id: `chatcmpl-fake-${counter}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: body.model,
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal } }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    problems,
    maxInFlight: () => maxInFlight,
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The parts of the OpenAI request contract this project relies on. */
function checkRequest(body: RecordedRequest['body']): string | null {
  if (typeof body.model !== 'string' || body.model === '') return 'model missing';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages missing';
  for (const message of body.messages) {
    if (!['system', 'user', 'assistant', 'developer'].includes(message.role)) return `bad role ${message.role}`;
    if (typeof message.content !== 'string' || message.content === '') return 'message content must be a non-empty string';
  }
  const format = body.response_format;
  if (format?.type !== 'json_schema') return 'response_format.type must be json_schema';
  if (format.json_schema?.strict !== true) return 'response_format.json_schema.strict must be true';
  const schema = format.json_schema.schema;
  if (schema === undefined || schema.type !== 'object' || schema.additionalProperties !== false) return 'response_format.json_schema.schema must be a closed object schema';
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  // Strict mode: every property must be required (optional fields are expressed as nullable).
  const missing = properties.filter((name) => !required.includes(name));
  if (missing.length > 0) return `strict schema must require every property; missing ${missing.join(', ')}`;
  return null;
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}
