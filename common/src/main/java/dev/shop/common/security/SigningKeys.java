package dev.shop.common.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The issuer's signing keys for the token check, fetched from its JWK set URL and kept. A token whose key id is not
 * among them makes the set be fetched again (the issuer may have rotated its keys), but at most once per
 * {@code refetchCooldown}: a flood of tokens with made-up key ids costs one fetch, not one per token, and never
 * reaches Keycloak at the rate the tokens come. Concurrent tokens share one fetch in flight. Every fetch has a connect
 * and a response timeout; one that fails leaves the keys known before in force. The set is fetched again, on the next
 * token, once it is {@code maxAge} old, so a key the issuer withdrew stops being trusted.
 */
public final class SigningKeys implements Function<SignedJWT, Flux<JWK>> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final URI jwkSetUri;
    private final WebClient web;
    private final ShopSecurityProperties.SigningKeys settings;
    private final Clock clock;
    private final AtomicReference<@Nullable Mono<JWKSet>> inFlight = new AtomicReference<>();
    private volatile @Nullable Fetched known;
    private volatile Instant lastFetch = Instant.MIN;

    private record Fetched(JWKSet keys, Instant at) {}

    public SigningKeys(URI jwkSetUri, ShopSecurityProperties.SigningKeys settings, Clock clock) {
        this.jwkSetUri = jwkSetUri;
        this.settings = settings;
        this.clock = clock;
        var http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.connectTimeout().toMillis())
                .responseTimeout(settings.timeout());
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    @Override
    public Flux<JWK> apply(SignedJWT token) {
        var matcher = JWKMatcher.forJWSHeader(token.getHeader());
        if (matcher == null) {
            return Flux.empty(); // an algorithm no key is for: the check refuses the token
        }
        var selector = new JWKSelector(matcher);
        return current().flatMapMany(keys -> {
            List<JWK> matching = selector.select(keys);
            if (!matching.isEmpty() || !cooledDown()) {
                return Flux.fromIterable(matching);
            }
            // an unknown key id: a rotation at the issuer, or a made-up one; look once more
            return fetch().onErrorReturn(keys).flatMapMany(fresh -> Flux.fromIterable(selector.select(fresh)));
        });
    }

    /** The keys in force, fetched first when there are none yet or they are old and the cooldown allows it. */
    private Mono<JWKSet> current() {
        var fetched = known;
        if (fetched == null) {
            return inFlight.get() != null || cooledDown()
                    ? fetch()
                    : Mono.error(new IllegalStateException("No signing keys yet from " + jwkSetUri
                            + " (the last fetch failed less than " + settings.refetchCooldown() + " ago)"));
        }
        if (fetched.at().plus(settings.maxAge()).isBefore(clock.instant()) && cooledDown()) {
            return fetch().onErrorReturn(fetched.keys());
        }
        return Mono.just(fetched.keys());
    }

    private boolean cooledDown() {
        return !clock.instant().isBefore(lastFetch.plus(settings.refetchCooldown()));
    }

    /** One fetch of the set, shared by everyone who asks while it runs. */
    private Mono<JWKSet> fetch() {
        return Mono.defer(() -> {
            while (true) {
                var running = inFlight.get();
                if (running != null) {
                    return running;
                }
                Sinks.One<JWKSet> result = Sinks.one();
                var shared = result.asMono();
                if (inFlight.compareAndSet(null, shared)) {
                    lastFetch = clock.instant();
                    request()
                            .doFinally(signal -> inFlight.set(null))
                            .subscribe(
                                    keys -> {
                                        known = new Fetched(keys, clock.instant());
                                        log.info("Fetched {} signing keys from {}", keys.size(), jwkSetUri);
                                        result.tryEmitValue(keys);
                                    },
                                    error -> {
                                        log.warn(
                                                "Cannot fetch the signing keys from {}: {}",
                                                jwkSetUri,
                                                error.toString());
                                        result.tryEmitError(error);
                                    });
                    return shared;
                }
            }
        });
    }

    private Mono<JWKSet> request() {
        return web.get()
                .uri(jwkSetUri)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(String.class)
                .timeout(settings.timeout())
                .map(body -> {
                    try {
                        return JWKSet.parse(body);
                    } catch (ParseException e) {
                        throw new IllegalStateException("Not a JWK set at " + jwkSetUri, e);
                    }
                });
    }
}
