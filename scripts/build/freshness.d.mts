/** The folder, beside `src/`, that holds the compiled JavaScript (`src/x/y.ts` → `dist/x/y.js`). */
export declare const OUTPUT_DIR: string;
/** The file, inside the output folder, that holds the fingerprint of the inputs it was built from. */
export declare const STAMP_FILE: string;
/** Every file under `dir`, as absolute paths (symbolic links followed), in no particular order. */
export declare function filesUnder(dir: string): string[];
/**
 * The inputs of a build of the project at `root`: the source files (absolute paths) and the
 * fingerprint of every input, sources, settings and build scripts.
 */
export declare function buildInputs(root: string): { sources: string[]; fingerprint: string };
/** The fingerprint the build in `outputDir` recorded, or null when there is no finished build. */
export declare function recordedFingerprint(outputDir: string): string | null;
/** True when `root/dist` holds a build of the sources exactly as they are now. */
export declare function buildIsCurrent(root: string): boolean;
