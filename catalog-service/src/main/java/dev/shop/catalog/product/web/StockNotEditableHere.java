package dev.shop.catalog.product.web;

import dev.shop.common.problem.RejectedValue;

/** A product update carried {@code stock}: stock has its own endpoint, which checks it against reservations. */
class StockNotEditableHere extends RejectedValue {

    StockNotEditableHere() {
        super("stock", "cannot be changed here; use PUT /api/catalog/products/{id}/stock");
    }
}
