package dev.shop.auth.keycloak;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP client to Keycloak, and how its failures read. Why WebClient rather than Keycloak's admin client: the
 * admin client is a blocking JAX-RS (RESTEasy) client, so every call would hold a thread of a bounded pool for its
 * whole duration, and it would bring a second JSON stack (Jackson 2) and its own HTTP client to configure. WebClient
 * runs on the event loops the service already has, takes a timeout per call and hands back Keycloak's statuses, which
 * the features turn into the contract's answers.
 */
@Component
final class KeycloakHttp {

    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final WebClient web;
    private final Duration timeout;

    KeycloakHttp(KeycloakProperties properties, JsonMapper json) {
        this.timeout = properties.timeout();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.timeout());
        this.web = WebClient.builder()
                .baseUrl(properties.url().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(json));
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(json));
                    codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES);
                })
                .build();
    }

    WebClient web() {
        return web;
    }

    /**
     * {@code call} bounded by the timeout, its failures as {@link KeycloakTimedOut}, {@link KeycloakUnavailable} (no
     * connection, a server error) or {@link KeycloakRefused} (a client error, from {@link #refusal}).
     */
    <T> Mono<T> guard(String name, Mono<T> call) {
        return call.timeout(timeout).onErrorMap(failure -> translate(name, failure));
    }

    /** For {@code onStatus(HttpStatusCode::isError, ...)}: reads Keycloak's error body, which stays in this service. */
    static Mono<? extends Throwable> refusal(String name, ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is5xxServerError()) {
            return response.releaseBody().thenReturn(new KeycloakUnavailable(name, status));
        }
        return response.bodyToMono(KeycloakError.class)
                // an HTML page or an empty body: the status alone must do
                .onErrorResume(unreadable -> Mono.empty())
                .defaultIfEmpty(KeycloakError.NONE)
                .map(error -> new KeycloakRefused(name, status, error));
    }

    private static Throwable translate(String name, Throwable failure) {
        if (failure instanceof KeycloakRefused
                || failure instanceof KeycloakUnavailable
                || failure instanceof KeycloakTimedOut) {
            return failure;
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof ReadTimeoutException) {
            return new KeycloakTimedOut(name, failure);
        }
        // no connection, a connection closed before the response (PrematureCloseException), an unreadable body
        return new KeycloakUnavailable(name, failure);
    }
}
