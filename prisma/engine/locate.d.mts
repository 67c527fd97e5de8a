/** Absolute path of the schema engine launcher script (`prisma/engine/schema-engine`). */
export declare const SCHEMA_ENGINE_LAUNCHER: string
/** Absolute path the Prisma CLI can spawn as its schema engine (the launcher, or a temp-dir wrapper if it lost its executable bit). */
export declare function schemaEngineExecutable(): string
