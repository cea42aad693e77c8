/** HTTP API of registration: {@code POST /api/auth/register}. */
@NullMarked
package dev.shop.auth.registration.web;

import org.jspecify.annotations.NullMarked;
