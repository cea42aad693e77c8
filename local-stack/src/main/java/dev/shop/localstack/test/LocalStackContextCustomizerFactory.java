package dev.shop.localstack.test;

import dev.shop.localstack.Keycloak;
import dev.shop.localstack.ObjectStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Starts the shared stack and puts its addresses first among a test context's properties. */
class LocalStackContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotation =
                MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).get(LocalStackTest.class);
        return annotation.isPresent()
                ? new Customizer(
                        annotation.getString("database"),
                        annotation.getBoolean("keycloak"),
                        annotation.getBoolean("simulator"),
                        annotation.getBoolean("objectStore"))
                : null;
    }

    private record Customizer(String database, boolean keycloak, boolean simulator, boolean objectStore)
            implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            var stack = SharedLocalStack.get();
            stack.postgres().createDatabase(database);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.r2dbc.url", stack.postgres().r2dbcUrl(database));
            properties.put("spring.r2dbc.username", stack.postgres().username());
            properties.put("spring.r2dbc.password", "");
            properties.put("spring.flyway.url", stack.postgres().jdbcUrl(database));
            properties.put("spring.flyway.user", stack.postgres().username());
            properties.put("spring.flyway.password", "");
            // the actuator on a free port of its own, as on the fixed one of ./shop up
            properties.put("management.server.port", 0);
            properties.put("spring.data.redis.host", "127.0.0.1");
            properties.put("spring.data.redis.port", stack.redis().port());
            properties.put("spring.kafka.bootstrap-servers", stack.kafka().bootstrapServers());
            properties.put(
                    "spring.cloud.stream.kafka.binder.brokers", stack.kafka().bootstrapServers());
            if (keycloak) {
                var server = stack.keycloak();
                server.start();
                properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", server.issuerUri());
                properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", server.jwkSetUri());
                properties.put("shop.keycloak.url", server.baseUrl());
                properties.put("shop.keycloak.realm", Keycloak.REALM);
                properties.put("shop.keycloak.client-id", Keycloak.AUTH_CLIENT_ID);
                properties.put("shop.keycloak.client-secret", Keycloak.AUTH_CLIENT_SECRET);
            }
            if (simulator) {
                var provider = stack.simulator();
                provider.start();
                properties.put("shop.payment.stripe.api-base", provider.baseUrl());
                properties.put("shop.payment.stripe.secret-key", provider.secretKey());
                // the webhook target is the test's own server, whose port only the test knows: it sets it itself
                properties.put(
                        "shop.payment.stripe.webhook-secret",
                        provider.webhooks().secret());
            }
            if (objectStore) {
                var store = stack.objectStore();
                store.start();
                properties.put("catalog.images.endpoint", store.endpoint());
                properties.put("catalog.images.bucket", ObjectStore.BUCKET);
                properties.put("catalog.images.region", ObjectStore.REGION);
                properties.put("catalog.images.path-style-access", true);
                properties.put("catalog.images.access-key", ObjectStore.ACCESS_KEY);
                properties.put("catalog.images.secret-key", ObjectStore.SECRET_KEY);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("localStack[" + database + "]", properties));
        }
    }
}
