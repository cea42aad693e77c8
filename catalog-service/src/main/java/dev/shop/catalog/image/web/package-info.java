/** The HTTP API of product images: upload, delete and order (admin), and serving them (public). */
@NullMarked
package dev.shop.catalog.image.web;

import org.jspecify.annotations.NullMarked;
