package dev.shop.auth.admin.web;

import dev.shop.auth.admin.AdministeredUser;
import dev.shop.auth.admin.UserPage;
import dev.shop.auth.profile.ProfileResponse;
import java.util.List;

/** A page of users in the shop's list shape. */
record UserPageResponse(List<ProfileResponse> items, int page, int size, long totalItems, long totalPages) {

    static UserPageResponse of(UserPage page) {
        return new UserPageResponse(
                page.items().stream().map(UserPageResponse::user).toList(),
                page.page(),
                page.size(),
                page.totalItems(),
                page.totalPages());
    }

    static ProfileResponse user(AdministeredUser administered) {
        var user = administered.user();
        return new ProfileResponse(
                user.id(),
                user.emailOrUsername(),
                user.firstNameOrEmpty(),
                user.lastNameOrEmpty(),
                ProfileResponse.names(administered.roles()),
                user.createdAt());
    }
}
