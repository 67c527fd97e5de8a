FROM node:20-bookworm-slim
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
# CHANNEL=whatsapp-web needs Debian's Chromium: docker build --build-arg WITH_CHROMIUM=true .
ARG WITH_CHROMIUM=false
RUN if [ "$WITH_CHROMIUM" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; \
    fi
COPY . .
# Installs the dependencies and generates the Prisma client (the same step `npm start` runs).
RUN node scripts/prepare.mjs
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]
