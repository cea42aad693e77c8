/** ArchUnit rules that keep services apart: each may use common, never another service's code. */
@NullMarked
package dev.shop.common.architecture;

import org.jspecify.annotations.NullMarked;
