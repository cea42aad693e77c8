/** Tests of catalog-service: unit tests ({@code *Test}) and integration tests on the real stack ({@code *IntegrationTest}). */
@NullMarked
package dev.shop.catalog;

import org.jspecify.annotations.NullMarked;
