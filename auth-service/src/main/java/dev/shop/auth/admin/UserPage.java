package dev.shop.auth.admin;

import java.util.List;

/** One page of users, {@code page} counted from 0. */
public record UserPage(List<AdministeredUser> items, int page, int size, long totalItems) {

    public long totalPages() {
        return (totalItems + size - 1) / size;
    }
}
