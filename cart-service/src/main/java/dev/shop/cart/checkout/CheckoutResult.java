package dev.shop.cart.checkout;

import java.util.UUID;

/**
 * The answer to a checkout: the order's id and the response body, the same bytes for every repeat of the request.
 *
 * @param response the JSON of the order as it was placed
 * @param replayed whether an earlier request with the same key and values created the order
 */
public record CheckoutResult(UUID orderId, String response, boolean replayed) {}
