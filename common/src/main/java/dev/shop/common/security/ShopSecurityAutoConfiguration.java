package dev.shop.common.security;

import dev.shop.common.problem.ProblemDetailsAutoConfiguration;
import dev.shop.common.problem.ProblemWriter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * A stateless JWT resource server: Keycloak tokens checked for signature, expiry, issuer and audience; no session, no
 * CSRF (nothing rides on cookies), no login pages; 401 and 403 as problems. Runs before Boot's reactive security
 * auto-configurations so that they back off (no generated user, no default chain).
 */
@AutoConfiguration(
        after = ProblemDetailsAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ServerHttpSecurity.class, ReactiveJwtDecoder.class})
@EnableConfigurationProperties({ShopSecurityProperties.Settings.class, OAuth2ResourceServerProperties.class})
public final class ShopSecurityAutoConfiguration {

    private static final String[] PUBLIC_PATHS = {
        "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/api/*/v3/api-docs/**", "/livez", "/readyz"
    };

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(
            OAuth2ResourceServerProperties resourceServer, ShopSecurityProperties.Settings settings) {
        var properties = ShopSecurityProperties.of(resourceServer.getJwt(), settings);
        // a client sends the same token with every call until it expires: its signature is checked once
        return new CachingJwtDecoder(
                ShopJwtDecoders.create(properties), properties.tokenCacheSize(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    KeycloakJwtAuthenticationConverter keycloakJwtAuthenticationConverter() {
        return new KeycloakJwtAuthenticationConverter();
    }

    @Bean
    @ConditionalOnMissingBean(ServerAuthenticationEntryPoint.class)
    ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint(ProblemWriter writer) {
        return new ProblemAuthenticationEntryPoint(writer);
    }

    @Bean
    @ConditionalOnMissingBean(ServerExchangeRejectedHandler.class)
    ProblemExchangeRejectedHandler problemExchangeRejectedHandler(ProblemWriter writer) {
        return new ProblemExchangeRejectedHandler(writer);
    }

    @Bean
    @ConditionalOnMissingBean(ServerAccessDeniedHandler.class)
    ProblemAccessDeniedHandler problemAccessDeniedHandler(ProblemWriter writer) {
        return new ProblemAccessDeniedHandler(writer);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain shopSecurityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder jwtDecoder,
            KeycloakJwtAuthenticationConverter authenticationConverter,
            ServerAuthenticationEntryPoint entryPoint,
            ServerAccessDeniedHandler accessDeniedHandler,
            ObjectProvider<ShopAuthorizationRules> rules) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDeniedHandler))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenConverter())
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler)
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(authenticationConverter)))
                .authorizeExchange(spec -> {
                    spec.pathMatchers(PUBLIC_PATHS).permitAll();
                    rules.orderedStream().forEach(rule -> rule.configure(spec));
                    spec.anyExchange().authenticated();
                })
                .build();
    }
}
