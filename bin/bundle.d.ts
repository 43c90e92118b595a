// Types for bundle.js, which stays plain JavaScript so that any Node runs it.
export declare function currentBundle(root?: string, env?: NodeJS.ProcessEnv): string | null;
