FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY api/schema.graphql /src/api/schema.graphql
RUN npm run build

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core core
COPY api api
COPY feeds feeds
COPY attribution attribution
COPY media media
RUN pip install --no-cache-dir .
COPY --from=web /src/frontend/dist frontend/dist
ENV PYTHONUNBUFFERED=1 FRONTEND_DIST=/app/frontend/dist
EXPOSE 8000
CMD ["trendloop", "serve", "--host", "0.0.0.0"]
