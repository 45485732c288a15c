# mpsc-tracker: one image for the API (`node dist/main.js`) and the job workers (`node dist/worker.js`).
# Node 26 (the current LTS). node:26-bookworm (not -slim) carries python3, make and g++, which better-sqlite3 needs
# to build from source.
FROM node:26-bookworm

# DejaVu: the font the PDF export embeds (it covers every character of the project names; without it the PDF falls back to Helvetica).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production

# `npm ci` compiles src/ to dist/ and web/ to web/dist (the prepare script), so the sources come first.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY seeds ./seeds
# The web app (web/) is built by the same step into web/dist, which the API serves at /.
COPY web ./web
RUN npm ci --no-audit --no-fund --include=dev && npm prune --omit=dev

# Export files go to ARTIFACTS_DIR=/data/artifacts, a volume shared with the workers: owned by the user the processes run as.
RUN mkdir -p /data/artifacts && chown node:node /data/artifacts

# The container starts the compiled server directly (the dev tools that could rebuild it were pruned above).
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
