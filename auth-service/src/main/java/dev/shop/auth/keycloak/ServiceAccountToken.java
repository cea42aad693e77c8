package dev.shop.auth.keycloak;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The service account's access token for the Admin API, fetched by the client credentials grant and shared by all
 * callers until shortly before it expires. Concurrent callers wait for one fetch; a failed fetch is not kept, so the
 * next call tries again. A token that Keycloak refuses (e.g. after a restart with new realm keys) is dropped with
 * {@link #invalidate(String)}.
 */
@Component
final class ServiceAccountToken {

    private record Cached(String value, Instant replaceAt) {}

    private final Clock clock;
    private final Mono<Cached> cached;
    private volatile @Nullable String refused;

    @Autowired
    ServiceAccountToken(KeycloakTokenEndpoint endpoint, KeycloakProperties properties) {
        this(endpoint::clientCredentials, properties.tokenRefreshMargin(), Clock.systemUTC());
    }

    ServiceAccountToken(Supplier<Mono<TokenSet>> fetch, Duration margin, Clock clock) {
        this.clock = clock;
        this.cached = Mono.defer(fetch)
                .map(tokens -> {
                    var lifetime = Duration.ofSeconds(tokens.expiresIn());
                    // a short-lived token is still used for half its life rather than fetched for every call
                    var useFor = lifetime.minus(margin).compareTo(lifetime.dividedBy(2)) > 0
                            ? lifetime.minus(margin)
                            : lifetime.dividedBy(2);
                    return new Cached(tokens.accessToken(), clock.instant().plus(useFor));
                })
                .cacheInvalidateIf(token ->
                        token.value().equals(refused) || !clock.instant().isBefore(token.replaceAt()));
    }

    /** A valid access token of the service account. */
    Mono<String> get() {
        return cached.map(Cached::value);
    }

    /** Keycloak refused {@code token}: the next {@link #get()} fetches a new one. */
    void invalidate(String token) {
        refused = token;
    }
}
