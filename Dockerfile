# paperboy: build with tsc, run the compiled JavaScript with plain node as a non-root user.
# test/container-recipe.test.ts runs this file's npm steps in a temporary directory (no image can be pulled in CI).

# ── production dependencies (better-sqlite3 is compiled here when no prebuilt binary fits) ─────────────────────────
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ── build: every dependency, then tsc to dist/ ─────────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY bin ./bin
RUN npm run build

# ── runtime: production dependencies and dist/ only ────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
ENV HEALTH_PORT=8080
ENV STORE_URL=sqlite:///home/node/data/paperboy.sqlite
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
VOLUME /home/node/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+process.env.HEALTH_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=4", "dist/bin/start.js"]
