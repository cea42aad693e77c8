/** The dead-letter admin's HTTP API. */
@NullMarked
package dev.shop.common.deadletter.web;

import org.jspecify.annotations.NullMarked;
