/** What every answer of the gateway carries or is checked for: request ids, security headers, CORS, the body limit. */
@NullMarked
package dev.shop.gateway.edge;

import org.jspecify.annotations.NullMarked;
