// Types for v8-flags.js, which stays plain JavaScript so that any Node can run it.
export declare const COMMAND_V8_FLAGS: Readonly<Record<string, readonly string[]>>;
export declare function v8FlagsFor(argv: readonly string[], execArgv: readonly string[], nodeOptions: string | undefined): readonly string[];
export declare function relaunchEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function relaunchWithV8Flags(): void;
