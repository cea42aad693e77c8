package dev.shop.auth.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * auth-service's Keycloak client secret is the deployment's: only the {@code local} profile has the local realm's
 * (published in the repository); without one the service refuses to start, naming the setting.
 */
class ClientSecretTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KeycloakProperties.class)
    static class Properties {}

    // application.yml (and application-<profile>.yml) as the service reads them
    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Properties.class);

    @Test
    void refusesToStartWithoutTheClientSecretNamingIt() {
        service.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessage("shop.keycloak.client-secret (SHOP_KEYCLOAK_CLIENTSECRET) is not set: the secret of the"
                        + " confidential client shop-auth"));
    }

    @Test
    void startsWithTheDeploymentsSecret() {
        service.withPropertyValues("shop.keycloak.client-secret=secret-of-the-deployment")
                .run(context -> assertThat(
                                context.getBean(KeycloakProperties.class).clientSecret())
                        .isEqualTo("secret-of-the-deployment"));
    }

    @Test
    void theLocalProfileHasTheLocalRealmsPublishedSecret() {
        service.withPropertyValues("spring.profiles.active=local")
                .run(context -> assertThat(
                                context.getBean(KeycloakProperties.class).clientSecret())
                        .isEqualTo("shop-auth-local-secret"));
    }
}
