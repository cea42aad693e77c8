@NullMarked
package dev.shop.gateway;

import org.jspecify.annotations.NullMarked;
