package dev.shop.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    /** The table of ARCHITECTURE.md, "Problems". */
    private static final Map<String, Integer> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("validation", 400);
        CONTRACT.put("malformed-request", 400);
        CONTRACT.put("unauthorized", 401);
        CONTRACT.put("forbidden", 403);
        CONTRACT.put("not-found", 404);
        CONTRACT.put("method-not-allowed", 405);
        CONTRACT.put("conflict", 409);
        CONTRACT.put("idempotency-key-in-use", 409);
        CONTRACT.put("price-changed", 409);
        CONTRACT.put("order-not-cancellable", 409);
        CONTRACT.put("stale-version", 412);
        CONTRACT.put("payload-too-large", 413);
        CONTRACT.put("unsupported-media-type", 415);
        CONTRACT.put("idempotency-key-mismatch", 422);
        CONTRACT.put("empty-cart", 422);
        CONTRACT.put("too-many-open-orders", 409);
        CONTRACT.put("replay-mismatch", 422);
        CONTRACT.put("rate-limited", 429);
        CONTRACT.put("service-unavailable", 503);
        CONTRACT.put("gateway-timeout", 504);
        CONTRACT.put("internal", 500);
    }

    @Test
    void hasExactlyTheTypesAndStatusesOfTheContract() {
        Map<String, Integer> types = Arrays.stream(ProblemType.values())
                .collect(Collectors.toMap(
                        ProblemType::slug, type -> type.status().value()));

        assertThat(types).isEqualTo(CONTRACT);
    }

    @Test
    void buildsTheTypeUriFromTheSlug() {
        assertThat(ProblemType.PRICE_CHANGED.uri()).hasToString("https://shop.example/problems/price-changed");
    }

    @Test
    void picksTheGeneralTypeOfABareStatus() {
        for (ProblemType type : ProblemType.values()) {
            ProblemType.forStatus(type.status().value())
                    .ifPresent(general -> assertThat(general.status()).isEqualTo(type.status()));
        }
        assertThat(ProblemType.forStatus(400)).contains(ProblemType.MALFORMED_REQUEST);
        assertThat(ProblemType.forStatus(409)).contains(ProblemType.CONFLICT);
        assertThat(ProblemType.forStatus(406)).isEmpty();
    }
}
