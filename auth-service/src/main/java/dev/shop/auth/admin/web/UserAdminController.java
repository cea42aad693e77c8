package dev.shop.auth.admin.web;

import dev.shop.auth.admin.UserAdministration;
import dev.shop.auth.profile.ProfileResponse;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/auth/users")
class UserAdminController {

    private final UserAdministration users;

    UserAdminController(UserAdministration users) {
        this.users = users;
    }

    @GetMapping
    @Operation(
            summary = "List users (admin)",
            description = "Every user of the realm, in Keycloak's order (by e-mail), with their shop roles.",
            security = @SecurityRequirement(name = "bearer"))
    @Problems(ProblemType.FORBIDDEN)
    Mono<UserPageResponse> list(
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return users.list(page, size).map(UserPageResponse::of);
    }

    @PutMapping(path = "/{id}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Set a user's roles (admin)",
            description = "The user's shop roles become exactly the given ones (customer, admin); the user's next"
                    + " token carries them. 400 for an unknown role, 404 for an unknown user.",
            security = @SecurityRequirement(name = "bearer"))
    @Problems({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    Mono<ProfileResponse> setRoles(@PathVariable UUID id, @Valid @RequestBody RolesRequest request) {
        return users.setRoles(id, Objects.requireNonNull(request.roles())).map(UserPageResponse::user);
    }
}
