package dev.shop.common.testapp;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Scans only this package; everything else comes from common's auto-configurations, as in a real service. A service
 * without a database: common's optional R2DBC and Flyway dependencies (for the outbox) are on this test classpath, so
 * the connection pools are left out.
 */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
public class TestShopApplication {

    @Bean
    ShopAuthorizationRules testRules() {
        return spec -> spec.pathMatchers("/api/test/public/**")
                .permitAll()
                .pathMatchers("/api/test/admin/**")
                .hasRole("admin");
    }
}
