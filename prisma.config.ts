/**
 * Prisma 7 configuration.
 *
 * Migrations run offline: instead of the native `schema-engine` binary the
 * CLI would download, it runs `prisma/engine/schema-engine`, a shim that
 * forwards the CLI's JSON-RPC calls to `@prisma/schema-engine-wasm` on
 * `@prisma/adapter-pg`. Shadow databases for `migrate dev` are created
 * (`<db>_shadow_<random>`) and dropped by the shim.
 */
import { defineConfig } from 'prisma/config'
import { schemaEngineExecutable } from './prisma/engine/locate.mjs'

process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= schemaEngineExecutable()

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL || 'postgresql://root@127.0.0.1:5432/acompana',
  },
})
