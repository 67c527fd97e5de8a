/**
 * Keeps WebAssembly at V8's baseline tier (Liftoff) in the service's process. The only WebAssembly
 * here is Prisma's query compiler; V8 also compiles its hot functions again with its optimizing tier,
 * and that second copy held about 70 MB of the service's resident memory (an idle service: 254 MB
 * with it, 184 MB without). Prisma compiles a query shape once and reuses the plan, so the optimized
 * code bought no speed a benchmark could see (docs/benchmarks.md, "Service memory").
 *
 * A side effect of importing this module, first of all in `main.ts`: V8 reads the flag when a module
 * is compiled, and Prisma compiles its WebAssembly only at its first query.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
