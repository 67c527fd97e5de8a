FROM node:20-bookworm-slim
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY . .
# Installs the dependencies and generates the Prisma client (the same step `npm start` runs).
RUN node scripts/prepare.mjs
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]
