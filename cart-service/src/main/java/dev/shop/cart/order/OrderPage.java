package dev.shop.cart.order;

import java.util.List;

/** One page of a customer's orders, newest first, in the contract's page envelope. */
public record OrderPage(List<OrderResponse> items, int page, int size, long totalItems, long totalPages) {

    static OrderPage of(List<Order> orders, int page, int size, long totalItems) {
        return new OrderPage(
                orders.stream().map(OrderResponse::of).toList(),
                page,
                size,
                totalItems,
                (totalItems + size - 1) / size);
    }
}
