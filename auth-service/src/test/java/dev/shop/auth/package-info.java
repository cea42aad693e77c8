/** Tests of auth-service: integration tests against the real Keycloak, PostgreSQL and Kafka of the local stack. */
@NullMarked
package dev.shop.auth;

import org.jspecify.annotations.NullMarked;
