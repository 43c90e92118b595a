import { describeNetworkError } from '../connect/platform-error.ts';
import type { CheckResult } from './checklist.ts';

const OPENAI_API = 'https://api.openai.com/v1';
/** Enough for `{"ok":true}` in every tokenizer, small enough to cost nothing. */
const PROBE_TOKENS = 32;

/**
 * The LLM endpoint as the summariser uses it: the key is accepted, the model is served (GET /models), and one tiny
 * chat completion with a strict json_schema response format comes back as JSON matching it.
 */
export async function checkLlm(options: { baseURL?: string | undefined; apiKey?: string | undefined; model: string; timeoutMs?: number }): Promise<CheckResult> {
  const base = (options.baseURL ?? OPENAI_API).replace(/\/+$/, '');
  const keyVariable = 'OPENAI_API_KEY';
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }) };
  const request = async (method: string, route: string, body?: unknown) => {
    try {
      return await fetch(`${base}${route}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      return describeNetworkError(error);
    }
  };
  const where = options.baseURL === undefined ? 'OpenAI' : base;
  const unreachable = (reason: string): CheckResult => ({ status: 'fail', detail: `${where} is unreachable: ${reason}`,
    fix: options.baseURL === undefined ? 'Check this machine’s network.' : 'Check LLM_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) and that the server is running.' });
  const rejected = (status: number): CheckResult => ({ status: 'fail', detail: `${where} rejected the API key (HTTP ${status})`,
    fix: `Set ${keyVariable} to a valid key for this endpoint${options.baseURL === undefined ? '' : ' (or unset it, if the server needs none)'}.` });

  const models = await request('GET', '/models');
  if (typeof models === 'string') return unreachable(models);
  if (models.status === 401 || models.status === 403) return rejected(models.status);
  let listed: string[] | undefined;
  if (models.ok) {
    const body = await models.json().catch(() => undefined) as { data?: { id?: unknown }[] } | undefined;
    listed = body?.data?.map((m) => String(m.id));
    if (listed !== undefined && !listed.includes(options.model)) {
      return { status: 'fail', detail: `${where} does not serve the model "${options.model}"${listed.length > 0 ? ` (it lists ${listed.slice(0, 8).join(', ')}${listed.length > 8 ? ', …' : ''})` : ''}`,
        fix: `Set LLM_MODEL (or summariser.model) to one the endpoint serves${options.baseURL?.includes('11434') === true ? `, or pull it: ollama pull ${options.model}` : ''}.` };
    }
  }

  const completion = await request('POST', '/chat/completions', {
    model: options.model,
    messages: [{ role: 'user', content: 'Reply with {"ok": true}.' }],
    max_completion_tokens: PROBE_TOKENS,
    response_format: { type: 'json_schema', json_schema: { name: 'doctor_probe', strict: true, schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false } } },
  });
  if (typeof completion === 'string') return unreachable(completion);
  const text = await completion.text();
  if (completion.status === 401 || completion.status === 403) return rejected(completion.status);
  if (completion.status === 404) return { status: 'fail', detail: `${where} does not serve the model "${options.model}" (HTTP 404)`, fix: 'Set LLM_MODEL (or summariser.model) to a model the endpoint serves.' };
  if (completion.status === 400 && /response_format|json_schema|structured/i.test(text)) {
    return { status: 'fail', detail: `${where} refuses structured output (a strict json_schema response format) for "${options.model}"`,
      fix: 'Use a model and server with structured outputs (OpenAI gpt-4o-mini or later, Ollama 0.5+, vLLM, llama.cpp server); summaries fall back to offline until then.' };
  }
  if (!completion.ok) {
    return { status: 'fail', detail: `${where} answered HTTP ${completion.status} to a one-line completion: ${text.slice(0, 160)}`, ...(completion.status >= 500 ? { fix: 'The endpoint is failing; check its logs or status page.' } : {}) };
  }
  const choice = (JSON.parse(text) as { choices?: { finish_reason?: string; message?: { content?: string | null } }[] }).choices?.[0];
  let parsed: unknown;
  try {
    parsed = JSON.parse(choice?.message?.content ?? '');
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { ok?: unknown }).ok !== 'boolean') {
    if (choice?.finish_reason === 'length') {
      return { status: 'warn', detail: `${where} answered with "${options.model}", but the ${PROBE_TOKENS}-token reply was cut before any JSON`,
        fix: 'A reasoning model may need more tokens; the summariser sets no limit, so this may still work.' };
    }
    return { status: 'fail', detail: `${where} answered "${options.model}" with text that is not the requested JSON: ${JSON.stringify((choice?.message?.content ?? '').slice(0, 80))}`,
      fix: 'The server ignores response_format: use one with structured outputs (OpenAI, Ollama 0.5+, vLLM, llama.cpp server).' };
  }
  return { status: 'pass', detail: `${where}, model "${options.model}"${listed === undefined ? '' : ' (listed)'}, structured output works` };
}
