package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.problem.ProblemDetailsAutoConfiguration;
import dev.shop.common.problem.ProblemExceptionHandler;
import dev.shop.common.problem.ProblemWriter;
import dev.shop.common.security.test.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

class ShopSecurityAutoConfigurationIntegrationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    CodecsAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    ProblemDetailsAutoConfiguration.class,
                    ShopSecurityAutoConfiguration.class,
                    ReactiveOAuth2ResourceServerAutoConfiguration.class,
                    ReactiveUserDetailsServiceAutoConfiguration.class,
                    ReactiveWebSecurityAutoConfiguration.class));

    @Test
    void setsUpTheStatelessJwtChainAndBootsDefaultsBackOff() {
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location="
                        + TestJwts.shared().publicKeyFile().toUri())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SecurityWebFilterChain.class);
                    assertThat(context).hasBean("shopSecurityWebFilterChain");
                    assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
                    // a token's signature is checked once, then remembered until it expires
                    assertThat(context.getBean(ReactiveJwtDecoder.class)).isInstanceOf(CachingJwtDecoder.class);
                    assertThat(context).hasSingleBean(ProblemWriter.class);
                    assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
                    // no generated password user beside the JWT resource server
                    assertThat(context).doesNotHaveBean(ReactiveUserDetailsService.class);
                });
    }

    @Test
    void startsWithOnlyTheIssuerWithoutCallingKeycloak() {
        // nothing listens on port 1: startup must not fetch the key set
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/shop")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ReactiveJwtDecoder.class));
    }

    @Test
    void failsAtStartupWithoutAKeySource() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri"));
    }

    @Test
    void backsOffWhenTheServiceDefinesItsOwnChain() {
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/shop")
                .withUserConfiguration(OwnChain.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityWebFilterChain.class);
                    assertThat(context).hasBean("ownChain").doesNotHaveBean("shopSecurityWebFilterChain");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {

        @Bean
        SecurityWebFilterChain ownChain(ServerHttpSecurity http) {
            return http.authorizeExchange(spec -> spec.anyExchange().permitAll())
                    .build();
        }
    }
}
