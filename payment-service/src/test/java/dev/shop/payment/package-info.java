/** Tests of payment-service: unit tests ({@code *Test}) and integration tests on the real stack ({@code *IntegrationTest}). */
@NullMarked
package dev.shop.payment;

import org.jspecify.annotations.NullMarked;
