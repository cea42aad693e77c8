/** Tests of cart-service: unit tests ({@code *Test}) and integration tests on the real stack ({@code *IntegrationTest}). */
@NullMarked
package dev.shop.cart;

import org.jspecify.annotations.NullMarked;
