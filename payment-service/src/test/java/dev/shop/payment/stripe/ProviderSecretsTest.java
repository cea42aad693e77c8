package dev.shop.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The provider's secrets are the deployment's: the service's own configuration files give them only in the
 * {@code local} profile (the simulator's, published in the repository), so a run without them refuses to start rather
 * than accept webhooks signed with a secret anyone can read.
 */
class ProviderSecretsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StripeProperties.class)
    static class Properties {}

    // application.yml (and application-<profile>.yml) as the service reads them
    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Properties.class);

    @Test
    void refusesToStartWithoutTheSecretKeyNamingIt() {
        service.withPropertyValues("shop.payment.stripe.webhook-secret=whsec_of_the_deployment")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("shop.payment.stripe.secret-key (STRIPE_SECRET_KEY) is not set: the provider's"
                                + " secret API key"));
    }

    @Test
    void refusesToStartWithoutTheWebhookSecretNamingIt() {
        service.withPropertyValues("shop.payment.stripe.secret-key=sk_live_of_the_deployment")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith(
                                "shop.payment.stripe.webhook-secret (STRIPE_WEBHOOK_SECRET) is not set"));
    }

    @Test
    void startsWithTheDeploymentsSecretsAndTalksToStripe() {
        service.withPropertyValues(
                        "shop.payment.stripe.secret-key=sk_live_of_the_deployment",
                        "shop.payment.stripe.webhook-secret=whsec_of_the_deployment")
                .run(context -> {
                    var stripe = context.getBean(StripeProperties.class);
                    assertThat(stripe.secretKey()).isEqualTo("sk_live_of_the_deployment");
                    assertThat(stripe.webhookSecret()).isEqualTo("whsec_of_the_deployment");
                    assertThat(stripe.apiBase()).hasToString("https://api.stripe.com");
                });
    }

    @Test
    void theLocalProfileHasTheSimulatorsPublishedSecrets() {
        service.withPropertyValues("spring.profiles.active=local").run(context -> {
            var stripe = context.getBean(StripeProperties.class);
            assertThat(stripe.secretKey()).isEqualTo("sk_test_shop_local_simulator");
            assertThat(stripe.webhookSecret()).isEqualTo("whsec_shop_local_simulator");
            assertThat(stripe.apiBase().getHost()).isEqualTo("127.0.0.1");
        });
    }
}
