// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Platform SDKs only adapters may import. */
const PLATFORM_SDKS = ['discord.js', 'discord.js/*', '@discordjs/*', '@slack/*'];

export const boundaryRules = {
  /** The core: no adapters, no commands, no platform SDK. */
  core: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['**/adapters/**', '**/adapters'], message: 'The core (src/) must not import an adapter: adapters depend on the core, not the reverse.' },
        { group: ['**/commands/**', '**/commands'], message: 'The core (src/) must not import commands/: commands depend on the core, not the reverse.' },
        { group: PLATFORM_SDKS, message: 'The core (src/) must not import a platform SDK; put platform code in adapters/.' },
      ],
    }],
  },
  /** Commands: the core is fine, platform SDKs and adapters are not. */
  commands: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['**/adapters/**', '**/adapters'], message: 'commands/ must not import an adapter; adapters render the declarations.' },
        { group: PLATFORM_SDKS, message: 'commands/ must not import a platform SDK; adapters render the declarations.' },
      ],
    }],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'bench/results/**', 'tests/lint-fixtures/**'] },
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
  { files: ['src/**/*.ts'], rules: boundaryRules.core },
  { files: ['commands/**/*.ts'], rules: boundaryRules.commands },
);
