# Petrel server image: build with tsc, run on Node 20 slim.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY redis.conf.example ./
EXPOSE 6379
# Listen on all interfaces inside the container; protect it with requirepass in production.
CMD ["node", "bin/petrel-server.js", "--bind", "0.0.0.0", "--protected-mode", "no"]
