# The S3-compatible object store of local-stack (s3proxy on a filesystem blob store), for docker-compose.yml (never for
# production: the chart points catalog-service at a real store). Build local-stack first, which fetches s3proxy:
# mvn -pl local-stack -am package -DskipTests
FROM eclipse-temurin:21.0.8_9-jre-noble
RUN groupadd --system --gid 10001 shop && useradd --system --uid 10001 --gid shop --no-create-home shop \
    && mkdir -p /data/shop-images && chown -R 10001:10001 /data
WORKDIR /app
COPY local-stack/target/s3proxy/s3proxy-*-jar-with-dependencies.jar /app/s3proxy.jar
COPY deploy/compose/object-store.properties /app/
USER 10001:10001
EXPOSE 19000
VOLUME /data
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/s3proxy.jar", "org.gaul.s3proxy.Main", "--properties", "/app/object-store.properties"]
