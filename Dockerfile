# One image per service, built from the service's executable jar (build the jars first: mvn -DskipTests package).
#
#   docker build --build-arg SERVICE=catalog-service --build-arg VERSION=0.1.0 \
#     --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ) -t shop/catalog-service:0.1.0 .
#
# The jar is split into Spring Boot's layers (dependencies change rarely, the application often), so a rebuild after
# a code change ships only the last, small layer. The JVM sizes its heap from the container's memory limit.
FROM eclipse-temurin:21.0.8_9-jre-noble AS layers
ARG SERVICE
WORKDIR /build
COPY ${SERVICE}/target/${SERVICE}-*.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21.0.8_9-jre-noble
ARG SERVICE
# what the image is, for registries and scanners (OCI image annotations); set VERSION, REVISION and CREATED when
# building a release, e.g. --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ)
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="shop-${SERVICE}" \
      org.opencontainers.image.description="Shop ${SERVICE}: a service of a reactive e-commerce backend" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="Shop" \
      org.opencontainers.image.base.name="eclipse-temurin:21.0.8_9-jre-noble"
# a fixed numeric user, so that Kubernetes' runAsNonRoot can verify it without a name lookup
RUN groupadd --system --gid 10001 shop && useradd --system --uid 10001 --gid shop --no-create-home shop
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
# container-aware heap; die on OutOfMemoryError so the orchestrator restarts a clean JVM; /tmp is the only writable
# path (the chart mounts an emptyDir there, the root filesystem stays read-only)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
