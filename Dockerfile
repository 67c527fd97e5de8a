# syntax=docker/dockerfile:1
# The service's image: Node 26 (the current LTS line), built in two stages so the image holds only
# production dependencies and the compiled JavaScript (no TypeScript sources, no tsx), and runs as the
# unprivileged `node` user. The code also runs on Node 20.19+ (package.json "engines"), which CI uses.
#   docker build -t acompana .
#   docker build --build-arg WITH_CHROMIUM=true -t acompana .   # for CHANNEL=whatsapp-web
ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npx prisma generate
# src/**/*.ts (the generated client included) → dist/**/*.js with source maps, by esbuild, a development
# dependency: so before the prune.
COPY tsconfig.json ./
COPY scripts/build.mjs ./scripts/
COPY scripts/build ./scripts/build
COPY src ./src
RUN node scripts/build.mjs
# Development dependencies (TypeScript, esbuild, tsx, vitest, playwright…) stay in this stage.
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# CHANNEL=whatsapp-web needs Debian's Chromium (never a downloaded one).
ARG WITH_CHROMIUM=false
RUN if [ "$WITH_CHROMIUM" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true \
    HOST=0.0.0.0 \
    PORT=3000 \
    CHROMIUM_PATH=/usr/bin/chromium \
    WA_SESSION_DIR=/app/.data/whatsapp-session
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY bin ./bin
COPY flows ./flows
COPY --from=build /app/dist ./dist
# The only folder the service writes to: the linked WhatsApp session (mount a volume here).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# /healthz answers 200 while PostgreSQL, Redis and this process's roles are well.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Stack traces name the TypeScript files and lines (dist/**/*.js.map).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--heap-growing-percent=20", "dist/main.js"]
