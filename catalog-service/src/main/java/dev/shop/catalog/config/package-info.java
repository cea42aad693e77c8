/** Infrastructure of catalog-service: access rules, database event loops, the Redis template, API docs. */
@NullMarked
package dev.shop.catalog.config;

import org.jspecify.annotations.NullMarked;
