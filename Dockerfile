# syntax=docker/dockerfile:1
#
# Convene as a container image (docs/deploy.md, "Containers"). Three stages:
#   deps     the production dependencies, compiled here: better-sqlite3 builds with the C++ toolchain the full
#            node image has; the toolchain stays in this stage
#   build    every dependency, then `npm run build`: the SvelteKit app and the bundled server (build/)
#   runtime  the slim node image with only those two results, run as the unprivileged `node` user
#
#   docker build -t convene .
#   docker run -p 3000:3000 -v convene-data:/data convene
#
# deps and runtime are both Debian bookworm, so the compiled module matches the runtime's C library.
ARG NODE_IMAGE=node:20-bookworm
ARG NODE_RUNTIME_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci` runs the prepare script; without the dev dependencies it says it skips `svelte-kit sync`.
COPY scripts/prepare.mjs scripts/prepare.mjs
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing built here runs better-sqlite3, and the runtime takes its copy from `deps`.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
	PORT=3000 \
	HOST=0.0.0.0 \
	DATA_DIR=/data
WORKDIR /app
# Owned by root and only readable by the app: the running server cannot change its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json ./
COPY scripts/run-built.mjs scripts/run-built.mjs
RUN mkdir -p /data && chown node:node /data
USER node
# The SQLite database (when DATABASE_URL is not set) and SQLite backups made inside the container.
VOLUME ["/data"]
EXPOSE 3000
# node:*-slim has no curl; Node's own fetch asks the server. /healthz answers {ok:true}.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM saves every open board and exits 0 (server/main.ts).
STOPSIGNAL SIGTERM
CMD ["node", "build/server.js"]
