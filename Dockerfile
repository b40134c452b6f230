# syntax=docker/dockerfile:1
# Revue's production image: the Nuxt server build, plus redis-server for the embedded default (no NUXT_REDIS_URL).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx nuxt prepare && npx nuxt build

FROM node:24-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends redis-server tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data && chown node:node /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NUXT_STORAGE_DIR=/data \
    NUXT_REDIS_DATA_DIR=/data/redis
WORKDIR /app
COPY --from=build --chown=node:node /app/.output ./.output
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini forwards SIGTERM so jobs finish and the embedded redis-server saves before the container stops.
ENTRYPOINT ["tini", "--"]
CMD ["node", ".output/server/index.mjs"]
