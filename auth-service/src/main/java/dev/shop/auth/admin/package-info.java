/** User administration for admins: the paged list of users and their shop roles. */
@NullMarked
package dev.shop.auth.admin;

import org.jspecify.annotations.NullMarked;
