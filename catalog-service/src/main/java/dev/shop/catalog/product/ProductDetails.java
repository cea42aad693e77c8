package dev.shop.catalog.product;

import dev.shop.common.events.Money;

/** What an admin sets on a product (all but its stock, which has its own endpoint). */
public record ProductDetails(
        String sku, String name, String description, String category, Money price, boolean active) {}
