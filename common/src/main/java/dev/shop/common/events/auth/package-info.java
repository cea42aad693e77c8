/** Events published by auth-service on users.v1. */
@NullMarked
package dev.shop.common.events.auth;

import org.jspecify.annotations.NullMarked;
