# syntax=docker/dockerfile:1
# The operator image: Node 24 LTS, non-root, read-only friendly, with the SHA-256-verified helm
# binary and the embedded kryton chart inside. Nothing is fetched when the operator runs.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY tools/checksums.json ./tools/checksums.json
RUN npm ci --no-audit --no-fund --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY framework ./framework
COPY handlers ./handlers
RUN npm run build && npm prune --omit=dev --omit=optional && node scripts/install-tools.mjs verify

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="kryton-operator" \
      org.opencontainers.image.description="Kubernetes operator for Kryton" \
      org.opencontainers.image.source="https://github.com/azrtydxb/kryton" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/tools ./tools
COPY bin ./bin
COPY chart/kryton ./chart/kryton
COPY deploy/crd ./deploy/crd
# The bundle's layer archive is only needed to extract the tools at build time.
RUN rm -rf node_modules/@aws-cdk && mkdir -p /tmp/helm && chown 65532:65532 /tmp/helm
ENV HELM_CACHE_HOME=/tmp/helm/cache HELM_CONFIG_HOME=/tmp/helm/config HELM_DATA_HOME=/tmp/helm/data
USER 65532:65532
ENTRYPOINT ["node", "/app/bin/kryton-operator.js"]
CMD ["run"]
