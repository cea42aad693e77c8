package dev.shop.cart;

import dev.shop.common.events.ShopCurrency;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** cart-service: carts, checkout and orders (port 8083, database {@code cart}). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(ShopCurrency.class)
public class CartApplication {

    public static void main(String[] args) {
        SpringApplication.run(CartApplication.class, args);
    }
}
