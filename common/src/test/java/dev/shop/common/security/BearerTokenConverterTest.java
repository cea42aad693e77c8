package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import reactor.test.StepVerifier;

class BearerTokenConverterTest {

    private final BearerTokenConverter converter = new BearerTokenConverter();
    private final ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer abc.def-ghi_jkl~mno+pqr/stu",
                "bearer abc",
                "BEARER abc==",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                "Bearer a="
            })
    void takesTheTokenOfAWellFormedBearerHeader(String header) {
        assertThat(BearerTokenConverter.token(header)).isEqualTo(header.substring("Bearer ".length()));
        assertSameAsSpringSecurity(header);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer abc def",
                "Bearer =abc",
                "Bearer abc=def",
                "Bearer abc\"",
                "Bearer abc,def",
                "Bearerabc",
                "Bearer\tabc",
                "Bearer äbc"
            })
    void refusesAMalformedBearerHeaderAs401(String header) {
        assertThatThrownBy(() -> BearerTokenConverter.token(header))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .satisfies(e -> assertThat(
                                ((OAuth2AuthenticationException) e).getError().getErrorCode())
                        .isEqualTo("invalid_token"));
        assertSameAsSpringSecurity(header);
    }

    @ParameterizedTest
    @MethodSource("notBearer")
    void leavesOtherCredentialsAndNoHeaderToTheAnonymousPath(String header) {
        assertThat(BearerTokenConverter.token(header)).isNull();
        if (header != null) {
            assertSameAsSpringSecurity(header);
        }
    }

    static Stream<String> notBearer() {
        return Stream.of(null, "", "Basic dXNlcjpwYXNz", "Token abc", "Bear abc");
    }

    @Test
    void emitsABearerTokenAuthenticationForTheRequest() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/x").header(HttpHeaders.AUTHORIZATION, "Bearer abc.def"));

        StepVerifier.create(converter.convert(exchange))
                .assertNext(authentication -> assertThat(((BearerTokenAuthenticationToken) authentication).getToken())
                        .isEqualTo("abc.def"))
                .verifyComplete();
        StepVerifier.create(converter.convert(MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"))))
                .verifyComplete();
        StepVerifier.create(converter.convert(MockServerWebExchange.from(
                        MockServerHttpRequest.get("/api/x").header(HttpHeaders.AUTHORIZATION, "Bearer a b"))))
                .expectError(OAuth2AuthenticationException.class)
                .verify();
    }

    /** The header gets the same outcome from Spring Security's own converter: the same token, none, or an error. */
    private void assertSameAsSpringSecurity(String header) {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/x").header(HttpHeaders.AUTHORIZATION, header));
        String ours;
        try {
            ours = BearerTokenConverter.token(header);
        } catch (OAuth2AuthenticationException e) {
            StepVerifier.create(spring.convert(exchange))
                    .expectError(OAuth2AuthenticationException.class)
                    .verify();
            return;
        }
        if (ours == null) {
            StepVerifier.create(spring.convert(exchange)).verifyComplete();
        } else {
            StepVerifier.create(spring.convert(exchange))
                    .assertNext(
                            authentication -> assertThat(((BearerTokenAuthenticationToken) authentication).getToken())
                                    .isEqualTo(ours))
                    .verifyComplete();
        }
    }
}
