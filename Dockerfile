# Passerelle: one image for the API (default command), the worker and the migration job
# (docker-compose.yml overrides the command for those two).
# Production runs on the image's Node 24: the `node` npm package in devDependencies, which brings
# Node 24 to development machines that only have Node 20, is dev-only and not installed at runtime.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- deps: every dependency, dev ones included (TypeScript, tsc-alias) ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- build: TypeScript to dist/ (tsc, then tsc-alias rewrites @passerelle/* imports) -------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
RUN npm run build

# --- runtime: production dependencies and the compiled code, run as a non-root user -------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The official image ships the unprivileged `node` user (uid 1000); the files it runs stay owned
# by root, so the process cannot rewrite its own code.
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
