# syntax=docker/dockerfile:1
# Image of the ledger worker. Build context: the repository root, e.g.
#   docker build -f infra/docker/worker.Dockerfile -t cryptoassets-worker .
# (infra/docker-compose.yml does this). worker.Dockerfile.dockerignore beside this file
# keeps build outputs and local runtime state out of the context.

# ---- build: the whole multi-module project (contracts + worker) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY contracts contracts
COPY worker worker
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests package \
 && cp worker/target/worker.jar /worker.jar

# ---- run: JRE only ----
FROM eclipse-temurin:17-jre
RUN groupadd --system worker && useradd --system --gid worker --home-dir /app worker
WORKDIR /app
COPY --from=build /worker.jar /app/worker.jar
USER worker
# The management port: health probes, Prometheus, info. The application serves no HTTP.
EXPOSE 8081
# Exec form: the JVM is PID 1 and gets SIGTERM directly, so Spring shuts down gracefully
# within the compose stop_grace_period.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/worker.jar"]
