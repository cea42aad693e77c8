/** HTTP API of products: public search and reads, admin writes. */
@NullMarked
package dev.shop.catalog.product.web;

import org.jspecify.annotations.NullMarked;
