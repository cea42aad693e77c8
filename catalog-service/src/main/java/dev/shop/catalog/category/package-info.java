/** Categories of products: reference data shipped with the migrations, listed publicly and cached. */
@NullMarked
package dev.shop.catalog.category;

import org.jspecify.annotations.NullMarked;
