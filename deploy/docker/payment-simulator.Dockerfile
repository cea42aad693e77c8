# The Stripe-compatible payment-provider simulator of local-stack, for docker-compose.yml (never for production: the
# chart points payment-service at the real provider). Build local-stack first: mvn -pl local-stack -am package -DskipTests
FROM eclipse-temurin:21.0.8_9-jre-noble
RUN groupadd --system --gid 10001 shop && useradd --system --uid 10001 --gid shop --no-create-home shop
WORKDIR /app
COPY local-stack/target/local-stack-*.jar local-stack/target/lib/wiremock-standalone-*.jar local-stack/target/lib/jspecify-*.jar ./
USER 10001:10001
EXPOSE 12111
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/*", "dev.shop.localstack.stripe.PaymentSimulatorMain"]
