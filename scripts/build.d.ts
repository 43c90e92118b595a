// Types for build.js, which stays plain JavaScript (it runs from `npm ci`, before anything is built).
export declare function build(options?: { ifPossible?: boolean; outDir?: string }): Promise<boolean>;
export declare function buildAfterInstall(): Promise<boolean>;
