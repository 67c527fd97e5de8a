/** Compiles the project at `root` into `root/dist`, whatever is there. Resolves with the number of modules. */
export declare function buildProject(root: string): Promise<number>;
/** Compiles the project at `root` unless `dist/` already holds a build of its current sources. */
export declare function buildProjectIfStale(root: string): Promise<{ built: boolean; modules: number }>;
