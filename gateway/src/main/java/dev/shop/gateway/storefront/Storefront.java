package dev.shop.gateway.storefront;

import dev.shop.common.security.ShopAuthorizationRules;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the storefront at {@code /}: its files from {@code classpath:/static/} (the {@code storefront} module's
 * build), its page addresses (a reload of {@code /orders/42} gets the same {@code index.html}, whose script shows that
 * page), and {@code /storefront/config.json}, which tells the script where Keycloak is. Files under {@code /assets/}
 * carry a hash of their content in their names: a browser keeps them for a year, and a new build has new names. The
 * rest ({@code index.html} first) is {@code no-cache}: asked for again on every load, so a new build shows at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorefrontProperties.class)
class Storefront implements WebFluxConfigurer {

    /** The storefront's pages: addresses of the browser's history, each answered with {@code index.html}. */
    static final List<String> PAGES =
            List.of("/products/*", "/cart", "/checkout", "/orders", "/orders/*", "/register", "/admin", "/admin/**");

    /** Everything the storefront serves, for the security rules and the headers. */
    static final List<String> PATHS = List.of(
            "/",
            "/index.html",
            "/assets/**",
            "/favicon.svg",
            "/silent-check-sso.html",
            "/silent-check-sso.js",
            "/storefront/**");

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(
                        CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/index.html", "/favicon.svg", "/silent-check-sso.html", "/silent-check-sso.js")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache());
    }

    @Bean
    RouterFunction<ServerResponse> storefrontPages(
            StorefrontProperties properties,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") URI issuer) {
        var keycloak = properties.keycloak(issuer);
        RequestPredicate pages =
                PAGES.stream().map(RequestPredicates::GET).reduce(RequestPredicates.GET("/"), RequestPredicate::or);
        return RouterFunctions.route(
                        pages,
                        request -> INDEX.exists()
                                ? ServerResponse.ok()
                                        .contentType(MediaType.TEXT_HTML)
                                        .cacheControl(CacheControl.noCache())
                                        .bodyValue(INDEX)
                                : ServerResponse.notFound().build())
                .andRoute(
                        RequestPredicates.GET("/storefront/config.json"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .cacheControl(CacheControl.noCache())
                                .bodyValue(Map.of("keycloak", keycloak)));
    }

    @Bean
    ShopAuthorizationRules storefrontRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, PATHS.toArray(String[]::new))
                .permitAll()
                .pathMatchers(HttpMethod.GET, PAGES.toArray(String[]::new))
                .permitAll();
    }
}
