/** RFC 9457 problem details for every error of a reactive service: types, domain exception base and the handler. */
@NullMarked
package dev.shop.common.problem;

import org.jspecify.annotations.NullMarked;
