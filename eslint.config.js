// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Platform SDKs only adapters may import. */
const PLATFORM_SDKS = ['discord.js', 'discord.js/*', '@discordjs/*', '@slack/*'];
const ADAPTERS = ['console', 'discord', 'slack', 'web'];

/** What the largest module may hold (blank lines and comments not counted): past it, a file has more than one job. */
const MAX_LINES = { product: 400, tests: 700 };

const sdkMessage = (layer) => `${layer} must not import a platform SDK; put platform code in adapters/.`;

export const boundaryRules = {
  /** The core: no adapters, no commands, no platform SDK. */
  core: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['**/adapters/**', '**/adapters'], message: 'The core (src/) must not import an adapter: adapters depend on the core, not the reverse.' },
        { group: ['**/commands/**', '**/commands'], message: 'The core (src/) must not import commands/: commands depend on the core, not the reverse.' },
        { group: ['**/app/**', '**/app'], message: 'The core (src/) must not import app/: the composition root depends on the core, not the reverse.' },
        { group: PLATFORM_SDKS, message: 'The core (src/) must not import a platform SDK; put platform code in adapters/.' },
      ],
    }],
  },
  /** Commands: the core is fine, platform SDKs and adapters are not. */
  commands: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['**/adapters/**', '**/adapters'], message: 'commands/ must not import an adapter; adapters render the declarations.' },
        { group: ['**/app/**', '**/app'], message: 'commands/ must not import app/; the composition root wires commands, not the reverse.' },
        { group: PLATFORM_SDKS, message: 'commands/ must not import a platform SDK; adapters render the declarations.' },
      ],
    }],
  },
  /** The composition root wires adapters; the platform's own API stays inside its adapter. */
  app: {
    'no-restricted-imports': ['error', { patterns: [{ group: PLATFORM_SDKS, message: sdkMessage('app/') }] }],
  },
  /** One adapter never reaches into another (each translates to one platform), nor into app/. */
  adapter: (name) => ({
    'no-restricted-imports': ['error', {
      patterns: [
        ...ADAPTERS.filter((other) => other !== name).map((other) => ({
          // The specifier as written: from a sibling adapter it is `../slack/…`, from elsewhere `…/adapters/slack/…`.
          group: [`**/adapters/${other}/**`, `**/adapters/${other}`, `../${other}/**`, `../../${other}/**`],
          message: `adapters/${name} must not import adapters/${other}: adapters share code only through the core or commands/.`,
        })),
        { group: ['**/app/**', '**/app'], message: `adapters/${name} must not import app/; the composition root wires adapters, not the reverse.` },
        ...(name === 'console' || name === 'web' ? [{ group: PLATFORM_SDKS, message: `adapters/${name} must not import a chat platform's SDK.` }] : []),
      ],
    }],
  }),
};

/** No import cycles: a cycle means two modules are one module, or a layer is upside down. */
const noCycles = {
  plugins: { 'import-x': importX },
  settings: { 'import-x/extensions': ['.ts', '.js'], 'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] }, 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
  rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
};

const TS_FILES = ['**/*.ts'];
const PRODUCT = ['src/**/*.ts', 'adapters/**/*.ts', 'commands/**/*.ts', 'app/**/*.ts', 'bin/**/*.js'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'bench/results/**', 'tests/lint-fixtures/**', 'artifacts/**', 'dist/**', 'dist.*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Type-aware: a promise nobody awaits or handles is a lost error (or an unhandled rejection that ends the process).
    files: TS_FILES,
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['src/*/example.ts', 'commands/example.ts', 'adapters/*/example.ts', 'app/example.ts'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  { files: PRODUCT, ...noCycles },
  { files: PRODUCT, rules: { 'max-lines': ['error', { max: MAX_LINES.product, skipBlankLines: true, skipComments: true }] } },
  { files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'max-lines': ['error', { max: MAX_LINES.tests, skipBlankLines: true, skipComments: true }] } },
  { files: ['src/**/*.ts'], rules: boundaryRules.core },
  { files: ['commands/**/*.ts'], rules: boundaryRules.commands },
  { files: ['app/**/*.ts'], rules: boundaryRules.app },
  ...ADAPTERS.map((name) => ({ files: [`adapters/${name}/**/*.ts`], rules: boundaryRules.adapter(name) })),
);
