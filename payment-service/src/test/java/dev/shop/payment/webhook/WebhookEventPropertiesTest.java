package dev.shop.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookEventPropertiesTest {

    @Test
    void keepsIdsAtLeastAsLongAsTheProviderRetries() {
        assertThat(new WebhookEventProperties(Duration.ofDays(3), Duration.ofHours(1)).retention())
                .isEqualTo(Duration.ofDays(3));
        assertThatThrownBy(() -> new WebhookEventProperties(Duration.ofDays(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention must be at least 3 days");
    }

    @Test
    void refusesANonPositiveCleanupInterval() {
        assertThatThrownBy(() -> new WebhookEventProperties(Duration.ofDays(30), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleanup-interval must be positive");
    }
}
