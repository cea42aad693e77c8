package dev.shop.payment.payment.web;

import dev.shop.payment.payment.PaymentView;
import java.util.List;

/** The API's list shape; an order has one payment, so the list is one page. */
record PaymentPage(List<PaymentView> items, int page, int size, long totalItems, int totalPages) {

    static PaymentPage of(List<PaymentView> items) {
        return new PaymentPage(items, 0, Math.max(items.size(), 1), items.size(), items.isEmpty() ? 0 : 1);
    }
}
