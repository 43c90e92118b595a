// Types for ensure-node.js, which stays plain JavaScript so that any Node can run it.
export declare const FLOOR: { text: string; engines: string };
export declare const FETCHED_MAJOR: number;
export declare const PROJECT_ROOT: string;
export declare function meetsFloor(version: string): boolean;
export declare function fetchedNodeDir(root?: string, platform?: string, arch?: string): string;
export declare function ensureSupportedNode(): Promise<void>;
