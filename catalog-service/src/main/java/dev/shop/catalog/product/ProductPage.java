package dev.shop.catalog.product;

import java.util.List;

/** One page of a product search. */
public record ProductPage(List<ProductResponse> items, int page, int size, long totalItems, long totalPages) {

    static ProductPage of(List<Product> products, SearchCriteria criteria, long totalItems) {
        long totalPages = (totalItems + criteria.size() - 1) / criteria.size();
        return new ProductPage(
                products.stream().map(ProductResponse::of).toList(),
                criteria.page(),
                criteria.size(),
                totalItems,
                totalPages);
    }
}
