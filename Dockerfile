# syntax=docker/dockerfile:1
# The research digest bot on the official Node 24 image.
#   docker build -t research-digest-bot .                  the runtime image (production dependencies only)
#   docker build --target test .                           the same suite CI runs (.ci/run), inside the image
# See docs/deployment.md. tests/deploy/deploy-files.test.ts checks this file against package.json and .ci/run.
ARG NODE_IMAGE=node:24-bookworm-slim

# Production dependencies only: better-sqlite3 ships prebuilt binaries for glibc x64/arm64, so no compiler is needed.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Everything CI has: all dependencies and the sources, then exactly what .ci/run runs after installing Node 24.
FROM ${NODE_IMAGE} AS test
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
RUN scripts/with-postgres.sh scripts/with-chromium.sh npm test

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY app ./app
COPY src ./src
COPY adapters ./adapters
COPY commands ./commands
COPY examples ./examples
COPY deploy/digest.config.yaml ./deploy/digest.config.yaml
# State lives on a volume owned by the unprivileged `node` user of the official image: the SQLite file, when
# DATABASE_URL is unset.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
WORKDIR /data
ENV DIGEST_CONFIG=/app/deploy/digest.config.yaml
# health.port in deploy/digest.config.yaml; Slack HTTP mode (slack.mode: http) listens on slack.port, 3000.
EXPOSE 8080 3000
# /healthz answers 200 only when the store, every configured platform and the ingest cycle are well (see docs/deployment.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains: in-flight deliveries finish within 30 s or resume on the next start.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/digest.js"]
CMD ["run"]
