import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLI_COMMANDS } from '../../app/cli/command-list.ts';
import { EXIT } from '../../app/cli/cli-io.ts';
import { ENV_NAMES, SECRET_ENV_NAMES } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { REPO_ROOT } from '../app/cli-process.ts';

// No container can be built or unit started here, so these files are kept honest by checking what can be checked:
// every command they run exists, every variable they set is one the bot reads, and they agree with each other.
const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
const commandNames = new Set(CLI_COMMANDS.map((c) => c.name));

interface Instruction {
  op: string;
  args: string;
}
/** Dockerfile instructions with line continuations joined and comments dropped. */
function dockerfile(): Instruction[] {
  return read('Dockerfile').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}
/** The stages: each FROM with the instructions under it. */
function stages(): { name: string; from: string; body: Instruction[] }[] {
  const out: { name: string; from: string; body: Instruction[] }[] = [];
  for (const ins of dockerfile()) {
    if (ins.op === 'FROM') {
      const [from = '', , name = ''] = ins.args.split(/\s+/);
      out.push({ name, from, body: [] });
    } else out.at(-1)?.body.push(ins);
  }
  return out;
}
const execForm = (args: string): string[] => JSON.parse(args) as string[];
/** The deploy config's values, as the container reads it. */
const deployConfig = () => loadConfig({ configPath: 'deploy/digest.config.yaml', environment: {}, cwd: REPO_ROOT, embeddedDefault: () => ({}) }).config;

/** A command line an image or unit runs: npm scripts must exist, `digest.js <command>` must be a CLI command. */
function expectRunnable(line: string): void {
  for (const [, script] of line.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, line).toHaveProperty(script!);
  if (/\bnpm test\b/.test(line)) expect(pkg.scripts, line).toHaveProperty('test');
  for (const [, file] of line.matchAll(/(scripts\/[\w.-]+)/g)) expect(existsSync(path.join(REPO_ROOT, file!)), line).toBe(true);
  const digest = /bin\/digest\.js (\w+)/.exec(line);
  if (digest) expect(commandNames.has(digest[1]!), line).toBe(true);
}

describe('Dockerfile', () => {
  it('is multi-stage on the official Node 24 image; the runtime stage has production dependencies only, runs as non-root with data on a volume', () => {
    const arg = dockerfile().find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:24(-[a-z]+)*$/);
    const all = stages();
    expect(all.map((s) => [s.name, s.from])).toEqual([['deps', '${NODE_IMAGE}'], ['test', '${NODE_IMAGE}'], ['runtime', '${NODE_IMAGE}']]);
    const runtime = all.at(-1)!.body;
    expect(all[0]!.body.filter((i) => i.op === 'RUN').map((i) => i.args)).toEqual(['npm ci --omit=dev --no-audit --no-fund']);
    expect(runtime.filter((i) => i.op === 'COPY' && i.args.includes('node_modules'))).toEqual([{ op: 'COPY', args: '--from=deps /app/node_modules ./node_modules' }]);
    expect(runtime.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['node']);
    expect(runtime.find((i) => i.op === 'VOLUME')?.args).toBe('["/data"]');
    expect(deployConfig().database.sqlitePath).toBe('/data/digest.db');
  });

  it('its test stage runs exactly what .ci/run runs once Node 24 is there', () => {
    const ci = read('.ci/run').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#') && !/^(set|cd|source) /.test(l));
    const testRuns = stages().find((s) => s.name === 'test')!.body.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(testRuns).toEqual(ci);
  });

  it('every command it runs exists, every file it copies exists, and it sets only variables the bot reads', () => {
    for (const ins of dockerfile()) {
      if (ins.op === 'RUN') expectRunnable(ins.args);
      if (ins.op === 'COPY' && !ins.args.startsWith('--from')) {
        const sources = ins.args.split(/\s+/).slice(0, -1);
        for (const source of sources) if (source !== '.') expect(existsSync(path.join(REPO_ROOT, source)), source).toBe(true);
      }
      if (ins.op === 'ENV') expect(ENV_NAMES, ins.args).toContain(ins.args.split('=')[0]);
    }
    const runtime = stages().at(-1)!.body;
    const entry = [...execForm(runtime.find((i) => i.op === 'ENTRYPOINT')!.args), ...execForm(runtime.find((i) => i.op === 'CMD')!.args)];
    expect(entry).toEqual(['node', '/app/bin/digest.js', 'run']);
    expectRunnable(entry.join(' '));
    const config = runtime.find((i) => i.op === 'ENV' && i.args.startsWith('DIGEST_CONFIG='))!.args.split('=')[1]!;
    const copied = runtime.find((i) => i.op === 'COPY' && i.args.startsWith('deploy/digest.config.yaml'))!.args.split(/\s+/)[1]!;
    expect(path.posix.resolve('/app', copied)).toBe(config);
  });

  it('HEALTHCHECK asks /healthz on the health port the image configures', () => {
    const health = dockerfile().find((i) => i.op === 'HEALTHCHECK')!.args;
    const port = deployConfig().health.port;
    expect(port).not.toBeNull();
    expect(health).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(health).toContain('process.exit(r.ok ? 0 : 1)');
    expect(dockerfile().find((i) => i.op === 'EXPOSE')!.args.split(' ')).toEqual([String(port), String(deployConfig().slack.port)]);
  });

  it('the runtime stage copies every directory the bot imports from, and the bot imports only production dependencies', () => {
    const copied = stages().at(-1)!.body.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).map((i) => i.args.split(/\s+/)[0]!);
    const roots = ['bin', 'app', 'src', 'adapters', 'commands'];
    for (const root of roots) expect(copied).toContain(root);
    const files = roots.flatMap((root) => walk(path.join(REPO_ROOT, root))).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
    const packages = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) record(file, spec!);
      for (const [, spec] of text.matchAll(/import\('([^']+)'\)/g)) record(file, spec!);
    }
    function record(file: string, spec: string) {
      if (spec.startsWith('node:')) return;
      if (spec.startsWith('.')) {
        const target = path.relative(REPO_ROOT, path.resolve(path.dirname(file), spec));
        expect(copied.some((c) => target === c || target.startsWith(`${c}/`)), `${path.relative(REPO_ROOT, file)} imports ${spec}`).toBe(true);
        return;
      }
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
    expect(packages.size).toBeGreaterThan(8);
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(read('deploy/compose.yaml')) as {
    services: Record<string,
      { build?: { context: string; dockerfile: string }; image?: string; environment?: Record<string, string>; volumes?: string[]; profiles?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown;
        stop_grace_period?: string }>;
  };

  it('runs the bot built from the Dockerfile, PostgreSQL, and Ollama behind a profile', () => {
    const { bot, postgres, ollama } = compose.services;
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'ollama', 'postgres']);
    expect(existsSync(path.join(REPO_ROOT, 'deploy', bot!.build!.context, bot!.build!.dockerfile))).toBe(true);
    expect(bot!.volumes).toContain('digest-data:/data');
    expect(bot!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(bot!.profiles).toBeUndefined();
    expect(postgres!.image).toMatch(/^postgres:\d+/);
    expect(postgres!.healthcheck).toBeDefined();
    expect(ollama!.profiles).toEqual(['ollama']);
    expect(Number.parseInt(bot!.stop_grace_period!, 10)).toBeGreaterThan(30);
  });

  it('gives the bot only variables it reads, and its DATABASE_URL names the compose PostgreSQL', () => {
    const env = compose.services['bot']!.environment!;
    expect(Object.keys(env).filter((name) => !ENV_NAMES.includes(name))).toEqual([]);
    for (const secret of SECRET_ENV_NAMES) expect(Object.keys(env)).toContain(secret);
    const pgEnv = compose.services['postgres']!.environment!;
    const url = new URL(env['DATABASE_URL']!.replace(/\$\{[^}]+\}/, 'password'));
    expect([url.hostname, url.port, url.username, url.pathname]).toEqual(['postgres', '5432', pgEnv['POSTGRES_USER'], `/${pgEnv['POSTGRES_DB']}`]);
    expect(env['DIGEST_CONFIG']).toContain('/app/deploy/digest.config.yaml');
  });

  it('every variable it interpolates is in deploy/env.example, which lists only variables the bot (or compose) reads', () => {
    const example = read('deploy/env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]!);
    const interpolated = [...read('deploy/compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!);
    const composeOnly = ['POSTGRES_PASSWORD'];
    expect([...new Set(interpolated)].filter((name) => !example.includes(name) && !['LOG_LEVEL', 'DIGEST_CONFIG'].includes(name))).toEqual([]);
    expect(example.filter((name) => !ENV_NAMES.includes(name) && !composeOnly.includes(name))).toEqual([]);
  });
});

describe('deploy/research-digest.service', () => {
  const unit = read('deploy/research-digest.service');
  const values = (key: string): string[] => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);

  it('starts commands that exist, from the install path the unit documents', () => {
    const exec = [...values('ExecStartPre'), ...values('ExecStart')];
    expect(exec).toHaveLength(2);
    for (const line of exec) {
      const [node, script, command] = line.split(' ');
      expect(node).toBe('/usr/bin/node');
      expect(script!.startsWith('/opt/research-digest-bot/')).toBe(true);
      expect(existsSync(path.join(REPO_ROOT, script!.replace('/opt/research-digest-bot/', '')))).toBe(true);
      expect(commandNames.has(command!)).toBe(true);
    }
  });

  it('sets only variables the bot reads, does not restart on a bad token or config, and outlasts the shutdown grace', () => {
    for (const assignment of values('Environment')) expect(ENV_NAMES).toContain(assignment.split('=')[0]);
    expect(values('RestartPreventExitStatus')).toEqual([String(EXIT.usage)]);
    expect(Number(values('TimeoutStopSec')[0])).toBeGreaterThan(30);
    expect(values('User')).toEqual(['digest']);
  });
});
