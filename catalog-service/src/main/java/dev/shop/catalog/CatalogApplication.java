package dev.shop.catalog;

import dev.shop.common.events.ShopCurrency;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** catalog-service: products, categories, prices, stock and reservations (port 8082, database {@code catalog}). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(ShopCurrency.class)
public class CatalogApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogApplication.class, args);
    }
}
