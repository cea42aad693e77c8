/** HTTP API of tokens: {@code POST /api/auth/token}, {@code /refresh} and {@code /logout}. */
@NullMarked
package dev.shop.auth.token.web;

import org.jspecify.annotations.NullMarked;
