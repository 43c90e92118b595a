import { loadConfig, type LoadedConfig } from '../../../src/config/load-config.ts';
import { checkDatabase } from '../../../src/doctor/check-database.ts';
import { checkLlm } from '../../../src/doctor/check-llm.ts';
import { checkPort, checkPortsDistinct } from '../../../src/doctor/check-port.ts';
import { checklistPassed, formatChecklist, runChecklist, type CheckResult, type DoctorCheck } from '../../../src/doctor/checklist.ts';
import { ConfigError } from '../../../src/errors.ts';
import { embeddedDefault } from '../../embedded-default.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler, type CliIo } from '../cli-io.ts';

export const doctorCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const entries = await runChecklist(await doctorChecks(io, values.config));
    if (values.json === true) writeLine(io.stdout, JSON.stringify({ passed: checklistPassed(entries), checks: entries }, null, 2));
    else writeLine(io.stdout, formatChecklist(entries));
    return checklistPassed(entries) ? EXIT.ok : EXIT.failed;
  },
};

const fixed = (name: string, result: CheckResult): DoctorCheck => ({ name, run: async () => result });

/** Every check for this deployment, in the order a new operator fixes them: config, environment, database, platforms, LLM, ports. */
async function doctorChecks(io: CliIo, configPath: string | undefined): Promise<DoctorCheck[]> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ configPath, environment: io.environment, cwd: io.cwd, embeddedDefault });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const envProblems = error.problems.filter((p) => p.startsWith('env '));
    const fileProblems = error.problems.filter((p) => !p.startsWith('env '));
    const hints = (error.hint ?? '').split('\n');
    const blocked = { status: 'skip', detail: 'skipped until the configuration loads' } as const;
    return [
      fixed('config', fileProblems.length === 0
        ? { status: 'pass', detail: 'the config file is valid' }
        : { status: 'fail', detail: fileProblems.join('; '), fix: hints.find((h) => h.startsWith('Fix /') || !h.startsWith('Fix the environment')) ?? 'See examples/digest.config.yaml for every key.' }),
      fixed('environment', envProblems.length === 0
        ? { status: 'pass', detail: 'the environment variables are valid' }
        : { status: 'fail', detail: envProblems.map((p) => p.slice(4)).join('; '), fix: hints.find((h) => h.startsWith('Fix the environment')) ?? 'Fix the variables named.' }),
      fixed('database', blocked),
      fixed('platforms', blocked),
      fixed('llm', blocked),
      fixed('ports', blocked),
    ];
  }
  const { config, env, configPath: file } = loaded;
  const checks: DoctorCheck[] = [
    fixed('config', { status: 'pass',
      detail: `${file ?? 'the embedded default (no digest.config.yaml)'}: ${config.sources.length} source${config.sources.length === 1 ? '' : 's'}, ${config.channels.length} channel${config.channels.length === 1 ? '' : 's'}` }),
    { name: 'environment', run: async () => environmentStatus(loaded) },
    { name: 'database', run: () => checkDatabase({ ...(env.DATABASE_URL === undefined ? {} : { databaseUrl: env.DATABASE_URL }), sqlitePath: config.database.sqlitePath }) },
  ];
  if (env.DISCORD_TOKEN !== undefined) {
    const { discordDoctorChecks } = await import('../../../adapters/discord/doctor-checks.ts');
    checks.push(...discordDoctorChecks({ token: env.DISCORD_TOKEN, ...(env.DISCORD_API_URL === undefined ? {} : { apiUrl: env.DISCORD_API_URL }) }));
  }
  if (env.SLACK_BOT_TOKEN !== undefined) {
    const { slackDoctorChecks } = await import('../../../adapters/slack/doctor-checks.ts');
    checks.push(...slackDoctorChecks({ botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, mode: config.slack.mode, ...(env.SLACK_API_URL === undefined ? {} : { apiUrl: env.SLACK_API_URL }) }));
  }
  if (env.DISCORD_TOKEN === undefined && env.SLACK_BOT_TOKEN === undefined) {
    checks.push(fixed('platforms', { status: 'skip', detail: 'no DISCORD_TOKEN or SLACK_BOT_TOKEN: digest run prints one digest to the console and exits' }));
  }
  const llmWanted = config.summariser.kind !== 'offline' && (env.LLM_BASE_URL !== undefined || env.OPENAI_API_KEY !== undefined);
  checks.push(llmWanted
    ? { name: 'llm', run: () => checkLlm({ baseURL: env.LLM_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.LLM_MODEL ?? config.summariser.model }) }
    : fixed('llm', { status: 'skip', detail: config.summariser.kind === 'offline' ? 'summariser.kind is offline' : 'no LLM_BASE_URL or OPENAI_API_KEY: summaries are written offline' }));
  if (config.health.port !== null) {
    const port = config.health.port;
    checks.push({ name: 'health port', run: () => checkPort({ port, what: 'the /healthz', key: 'health.port' }) });
  }
  if (env.SLACK_BOT_TOKEN !== undefined && config.slack.mode === 'http') {
    const port = config.slack.port;
    checks.push({ name: 'slack port', run: () => checkPort({ port, what: 'the Slack events', key: 'slack.port' }) });
  }
  if (config.web.port !== null) {
    const { port, host } = config.web;
    checks.push({ name: 'web port', run: () => checkPort({ port, host, what: 'the web archive', key: 'web.port' }) });
  }
  const ports = [
    ...(config.health.port === null ? [] : [{ key: 'health.port', port: config.health.port }]),
    ...(config.web.port === null ? [] : [{ key: 'web.port', port: config.web.port }]),
    ...(env.SLACK_BOT_TOKEN !== undefined && config.slack.mode === 'http' ? [{ key: 'slack.port', port: config.slack.port }] : []),
  ];
  if (ports.length > 1) checks.push(fixed('ports', checkPortsDistinct(ports)));
  return checks;
}

/** Which platforms and LLM the environment sets up (names, never values), and what is missing for the mode chosen. */
function environmentStatus({ config, env }: LoadedConfig): CheckResult {
  const parts: string[] = [];
  if (env.DISCORD_TOKEN !== undefined) parts.push('Discord (DISCORD_TOKEN)');
  if (env.SLACK_BOT_TOKEN !== undefined) {
    if (config.slack.mode === 'http' && env.SLACK_SIGNING_SECRET === undefined) {
      return { status: 'fail', detail: 'slack.mode is http but SLACK_SIGNING_SECRET is not set', fix: 'Set SLACK_SIGNING_SECRET from the app’s Basic Information page, or use slack.mode: socket with SLACK_APP_TOKEN.' };
    }
    if (config.slack.mode === 'socket' && env.SLACK_APP_TOKEN === undefined) {
      return { status: 'fail', detail: 'slack.mode is socket but SLACK_APP_TOKEN is not set', fix: 'Set SLACK_APP_TOKEN (xapp-…, scope connections:write), or use slack.mode: http with SLACK_SIGNING_SECRET.' };
    }
    parts.push(`Slack in ${config.slack.mode} mode (SLACK_BOT_TOKEN, ${config.slack.mode === 'http' ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN'})`);
  }
  if (env.LLM_BASE_URL !== undefined || env.OPENAI_API_KEY !== undefined) {
    parts.push(`an LLM (${[env.LLM_BASE_URL === undefined ? undefined : 'LLM_BASE_URL', env.OPENAI_API_KEY === undefined ? undefined : 'OPENAI_API_KEY'].filter(Boolean).join(', ')})`);
  }
  parts.push(env.DATABASE_URL === undefined ? 'SQLite' : 'PostgreSQL (DATABASE_URL)');
  return { status: 'pass', detail: parts.join(', ') };
}
