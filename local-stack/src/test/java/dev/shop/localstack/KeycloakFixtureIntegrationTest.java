package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.localstack.test.LocalStackTest;
import dev.shop.localstack.test.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@LocalStackTest(database = "fixture", keycloak = true)
class KeycloakFixtureIntegrationTest {

    @SpringBootConfiguration
    static class App {}

    @Autowired
    Environment environment;

    @Test
    void startsKeycloakAndPointsTheSecurityPropertiesAtIt() {
        var keycloak = SharedLocalStack.get().keycloak();

        assertThat(keycloak.isRunning()).isTrue();
        assertThat(environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                .isEqualTo(keycloak.issuerUri());
        assertThat(environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
                .isEqualTo(keycloak.jwkSetUri());
        assertThat(environment.getProperty("shop.keycloak.url")).isEqualTo(keycloak.baseUrl());
        assertThat(environment.getProperty("shop.keycloak.client-id")).isEqualTo(Keycloak.AUTH_CLIENT_ID);
    }
}
